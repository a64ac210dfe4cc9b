/**
 * Small helpers that several features share and that no library offers.
 */
package dev.simplelogin.support;
