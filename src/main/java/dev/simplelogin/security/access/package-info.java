/**
 * Who may sign in: allow-lists of addresses and domains, claim rules, the refusal page.
 */
package dev.simplelogin.security.access;
