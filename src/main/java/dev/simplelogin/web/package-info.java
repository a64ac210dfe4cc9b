/** The pages: home, sign-in, the secret page, sign-out confirmation and errors. */
package dev.simplelogin.web;
