package dev.simplelogin.security.access;

import org.jspecify.annotations.Nullable;

/**
 * What the refusal page shows.
 *
 * @param address the e-mail address the person signed in with, if the provider sent one
 * @param unverified whether the address was refused because the provider has not verified
 * it
 * @param anotherAccountPath where "Use another account" starts a new sign-in, asking the
 * provider to let the person choose an account
 */
record Refusal(@Nullable String address, boolean unverified, String anotherAccountPath) {

	static Refusal of(AccessRefusedException refused) {
		return new Refusal(refused.address(), refused.reasonCode() == Rules.Reason.EMAIL_UNVERIFIED,
				"/oauth2/authorization/" + refused.registrationId() + "?prompt=select_account");
	}

}
