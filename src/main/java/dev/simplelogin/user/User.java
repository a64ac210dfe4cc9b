package dev.simplelogin.user;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the pages know about a person who signed in.
 *
 * @param issuer the provider that vouched for the person
 * @param subject the provider's stable identifier for the person
 * @param name a display name (the e-mail address or subject when the provider sends none)
 * @param email the e-mail address, if the provider shared it
 * @param emailVerified whether the provider verified that address
 * @param pictureUrl a picture of the person, if the provider has one from an origin the
 * pages may show pictures from ({@link PictureOrigins})
 * @param lastSignIn when the person last signed in
 */
public record User(String issuer, String subject, String name, @Nullable String email, boolean emailVerified,
		@Nullable String pictureUrl, Instant lastSignIn) {

	UserId id() {
		return new UserId(this.issuer, this.subject);
	}

}
