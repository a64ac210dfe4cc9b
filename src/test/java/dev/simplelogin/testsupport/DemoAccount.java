package dev.simplelogin.testsupport;

/**
 * A person who can sign in at the demo provider.
 *
 * @param username the name typed into the provider's form, also the subject
 * @param password the password, generated for each start
 * @param name the full name the provider vouches for
 * @param email the e-mail address the provider vouches for
 */
public record DemoAccount(String username, String password, String name, String email) {
}
