/** The pages: home, the secret page, sign-out confirmation and errors. */
package dev.simplelogin.web;
