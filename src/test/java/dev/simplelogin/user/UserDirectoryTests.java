package dev.simplelogin.user;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;

class UserDirectoryTests {

	private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

	private static final Instant ISSUED = Instant.parse("2026-11-29T11:00:00Z");

	private final UserDirectory users = new UserDirectory(100, Clock.fixed(NOW, ZoneOffset.UTC),
			PictureOrigins.of(List.of("https://lh3.googleusercontent.com")));

	@Test
	void sameEmailAtTwoProvidersIsTwoPeople() {
		this.users.signedIn(principal("https://accounts.google.com", "1", "Ann", "ann@example.com"));
		this.users.signedIn(principal("https://idp.example", "1", "Ann Impostor", "ann@example.com"));

		assertThat(this.users.size()).isEqualTo(2);
		assertThat(this.users.find("https://accounts.google.com", "1")).get().extracting(User::name).isEqualTo("Ann");
	}

	@Test
	void signInPutsEntryWithEverythingThePagesShow() {
		User user = this.users.signedIn(principal("https://accounts.google.com", "42", "Ann", "ann@example.com"));

		assertThat(user).isEqualTo(new User("https://accounts.google.com", "42", "Ann", "ann@example.com", true,
				"https://lh3.googleusercontent.com/a/42", NOW));
	}

	@Test
	void signingInAgainRefreshesTheEntry() {
		this.users.signedIn(principal("https://accounts.google.com", "42", "Ann", "ann@example.com"));
		this.users.signedIn(principal("https://accounts.google.com", "42", "Ann Smith", "ann@smith.example"));

		assertThat(this.users.size()).isOne();
		assertThat(this.users.find("https://accounts.google.com", "42")).get()
			.extracting(User::name, User::email)
			.containsExactly("Ann Smith", "ann@smith.example");
	}

	@Test
	void missingEntryIsRebuiltFromSessionPrincipalWithItsSignInTime() {
		User user = this.users.lookup(principal("https://accounts.google.com", "42", "Ann", "ann@example.com"));

		assertThat(user.name()).isEqualTo("Ann");
		assertThat(user.lastSignIn()).isEqualTo(ISSUED);
		assertThat(this.users.find("https://accounts.google.com", "42")).contains(user);
	}

	@Test
	void lookupPrefersTheStoredEntry() {
		this.users.signedIn(principal("https://accounts.google.com", "42", "Ann Smith", "ann@example.com"));

		assertThat(this.users.lookup(principal("https://accounts.google.com", "42", "Ann", "ann@example.com")).name())
			.isEqualTo("Ann Smith");
	}

	@Test
	void successfulSignInEventFillsTheMap() {
		OidcUser principal = principal("https://accounts.google.com", "7", "Bo", "bo@example.com");

		this.users.onSignIn(new AuthenticationSuccessEvent(
				new OAuth2AuthenticationToken(principal, principal.getAuthorities(), "google")));

		assertThat(this.users.find("https://accounts.google.com", "7")).isPresent();
	}

	@Test
	void mapStaysWithinItsMaximumHoweverManyPeopleSignIn() {
		for (int i = 0; i < 10_000; i++) {
			this.users.signedIn(principal("https://accounts.google.com", "user" + i, "User " + i, null));
		}

		assertThat(this.users.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void everyoneDroppedFromAFullMapIsRebuiltFromTheirSession() {
		for (int i = 0; i < 1_000; i++) {
			this.users.signedIn(principal("https://accounts.google.com", "user" + i, "User " + i, null));
		}

		for (int i = 0; i < 1_000; i++) {
			assertThat(
					this.users.lookup(principal("https://accounts.google.com", "user" + i, "User " + i, null)).name())
				.isEqualTo("User " + i);
		}
		assertThat(this.users.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void pictureFromAnOriginThePagesMayNotShowIsNoPicture() {
		UserDirectory users = new UserDirectory(100, Clock.fixed(NOW, ZoneOffset.UTC),
				PictureOrigins.of(List.of("https://images.example.com")));

		User user = users.signedIn(principal("https://accounts.google.com", "42", "Ann", "ann@example.com"));

		assertThat(user.pictureUrl()).isNull();
	}

	@Test
	void nameFallsBackToEmailThenSubject() {
		assertThat(this.users.signedIn(principal("https://idp.example", "8", null, "cy@example.com")).name())
			.isEqualTo("cy@example.com");
		assertThat(this.users.signedIn(principal("https://idp.example", "9", null, null)).name()).isEqualTo("9");
	}

	private static OidcUser principal(String issuer, String subject, String name, String email) {
		OidcIdToken.Builder token = OidcIdToken.withTokenValue("token")
			.issuer(issuer)
			.subject(subject)
			.issuedAt(ISSUED)
			.expiresAt(ISSUED.plusSeconds(3600))
			.claim("email_verified", true)
			.claim("picture", "https://lh3.googleusercontent.com/a/" + subject);
		if (name != null) {
			token.claim("name", name);
		}
		if (email != null) {
			token.claim("email", email);
		}
		return new DefaultOidcUser(List.of(), token.build());
	}

}
