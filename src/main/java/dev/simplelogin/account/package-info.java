/**
 * The "your sessions" page: every live session of the signed-in person, and signing them
 * out.
 */
package dev.simplelogin.account;
