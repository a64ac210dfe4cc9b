package dev.simplelogin.testsupport;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims real providers add to their ID tokens and userinfo answers, beyond those the
 * {@link HostileProvider} always sends ({@code iss}, {@code sub}, {@code aud},
 * {@code iat}, {@code exp}, {@code nonce}, {@code name}, {@code email},
 * {@code email_verified}), taken from each provider's documentation and real tokens.
 * Values are given as Java's plain JSON types (Long, Double, Boolean, String, Map, List,
 * null), which is what the app must read back after a round trip through the session
 * store; {@link #expectedIdToken()} and {@link #expectedUserInfo()} hold the few claims
 * Spring Security converts on the way in.
 *
 * @param name the provider the claims imitate
 * @param idToken claims added to the ID token
 * @param userInfo claims added to the userinfo answer
 * @param expectedIdToken ID-token claims as the app keeps them, where they differ from
 * what was sent
 * @param expectedUserInfo userinfo claims as the app keeps them, where they differ from
 * what was sent
 */
public record ProviderClaims(String name, Map<String, Object> idToken, Map<String, Object> userInfo,
		Map<String, Object> expectedIdToken, Map<String, Object> expectedUserInfo) {

	private static final long AUTH_TIME = 1_765_000_000L;

	@Override
	public String toString() {
		return this.name;
	}

	/** What the app should hold for each ID-token claim added. */
	public Map<String, Object> keptIdToken() {
		Map<String, Object> kept = new LinkedHashMap<>(this.idToken);
		kept.putAll(this.expectedIdToken);
		return kept;
	}

	/** What the app should hold for each userinfo claim added. */
	public Map<String, Object> keptUserInfo() {
		Map<String, Object> kept = new LinkedHashMap<>(this.userInfo);
		kept.putAll(this.expectedUserInfo);
		return kept;
	}

	public static List<ProviderClaims> all() {
		return List.of(google(), entraId(), okta(), keycloak(), auth0(), apple(), everyJsonType());
	}

	static ProviderClaims google() {
		Map<String, Object> claims = map("hd", "example.com", "azp", HostileProvider.CLIENT_ID, "at_hash",
				"HK6E_P6Dh8Y93mRNtsDB1Q", "picture", "https://lh3.googleusercontent.com/a/ACg8ocK", "given_name", "Ada",
				"family_name", "Lovelace", "locale", "en");
		return new ProviderClaims("Google", claims,
				map("hd", "example.com", "picture", "https://lh3.googleusercontent.com/a/ACg8ocK", "locale", "en"),
				Map.of(), Map.of());
	}

	static ProviderClaims entraId() {
		long notBefore = Instant.now().getEpochSecond() - 300;
		Map<String, Object> claims = map("ver", "2.0", "tid", "9188040d-6c67-4c5b-b112-36a304b66dad", "oid",
				"00000000-0000-0000-66f3-3332eca7ea81", "nbf", notBefore, "uti", "AbCdEf0123456789", "rh", "0.AXwA",
				"aio", "Dr*IqHxbK", "preferred_username", "ada@contoso.example", "xms_pl", "en", "xms_tpl", "de",
				"xms_cc", List.of("CP1"), "roles", List.of("Task.Read", "Task.Write"), "wids",
				List.of("b79fbf4d-3ef9-4689-8143-76b194e85509"));
		return new ProviderClaims("Microsoft Entra ID", claims, map("preferred_username", "ada@contoso.example"),
				Map.of("nbf", Instant.ofEpochSecond(notBefore)), Map.of());
	}

	static ProviderClaims okta() {
		Map<String, Object> claims = map("ver", 1L, "jti", "ID.4eAWJOCMB3SX8XewDfVR", "amr", List.of("pwd", "mfa"),
				"idp", "00ok1u7AsAkrwdZL3z0g3", "auth_time", AUTH_TIME, "at_hash", "preU7f1Ei6nTtrQoV9Ag4A",
				"preferred_username", "ada@okta.example");
		Map<String, Object> userInfo = map("updated_at", 1_700_000_000L, "zoneinfo", "America/Los_Angeles", "locale",
				"en-US", "preferred_username", "ada@okta.example");
		return new ProviderClaims("Okta", claims, userInfo, Map.of("auth_time", Instant.ofEpochSecond(AUTH_TIME)),
				Map.of("updated_at", Instant.ofEpochSecond(1_700_000_000L)));
	}

	static ProviderClaims keycloak() {
		Map<String, Object> address = map("street_address", "1 Example Way", "locality", "Springfield", "region", "IL",
				"postal_code", "62701", "country", "US");
		Map<String, Object> claims = map("typ", "ID", "sid", "f1c3e2a4-79a1-4fb5-bf37-3a0ea83bd9d4", "acr", "1",
				"session_state", "f1c3e2a4-79a1-4fb5-bf37-3a0ea83bd9d4", "preferred_username", "ada", "realm_access",
				map("roles", List.of("offline_access", "uma_authorization", "staff")), "resource_access",
				map("simple-login", map("roles", List.of("viewer")), "account",
						map("roles", List.of("manage-account", "view-profile"))),
				"groups", List.of("/staff", "/staff/engineering"), "address", address);
		return new ProviderClaims("Keycloak", claims, map("address", address, "groups", List.of("/staff")), Map.of(),
				Map.of());
	}

	static ProviderClaims auth0() {
		Map<String, Object> claims = map("nickname", "ada", "picture", "https://s.gravatar.com/avatar/abc.png",
				"https://simple-login.example/roles", List.of("admin", "editor"),
				"https://simple-login.example/app_metadata",
				map("plan", "pro", "quota", 10L, "ratio", 0.75, "features",
						List.of(map("name", "export", "enabled", true), map("name", "beta", "enabled", false))),
				"org_id", "org_9ybsU1dN2dKfDkBi");
		return new ProviderClaims("Auth0", claims,
				map("https://simple-login.example/app_metadata", map("plan", "pro", "quota", 10L)), Map.of(), Map.of());
	}

	// Apple sends some booleans as strings.
	static ProviderClaims apple() {
		Map<String, Object> claims = map("real_user_status", 2L, "is_private_email", "true", "nonce_supported", true,
				"auth_time", AUTH_TIME, "c_hash", "n3CjOAo3b2aTnT1oXNwKYw", "at_hash", "6nyGrR3p8VSrEPz8wWnZsw",
				"transfer_sub", "000123.abc");
		return new ProviderClaims("Apple", claims, map("real_user_status", 2L),
				Map.of("auth_time", Instant.ofEpochSecond(AUTH_TIME)), Map.of());
	}

	static ProviderClaims everyJsonType() {
		Map<String, Object> claims = map("small", 7L, "zero", 0L, "negative", -42L, "beyond_int", 4_102_444_800_123L,
				"max_long", Long.MAX_VALUE, "beyond_long", new BigInteger("18446744073709551616"), "float", 3.25,
				"whole_float", 2.0, "tiny", 1.0E-12, "large_fraction", 12345678.5, "large_whole", 2.0E10, "yes", true,
				"no", false, "nothing", null, "text", "naïve ✓ 日本", "digits", "0042", "empty_array", List.of(),
				"empty_object", Map.of(), "mixed", Arrays.asList(1L, "two", 3.5, false, null, map("six", 6L)), "matrix",
				List.of(List.of(1L, 2L), List.of(3L)), "objects",
				List.of(map("id", 1L, "tags", List.of("a")), map("id", 2L, "tags", List.of())), "deep",
				map("a", map("b", map("c", map("d", List.of(map("e", 5L)))))));
		// JSON has one kind of number: a whole one is a Long (a BigInteger beyond),
		// whatever its spelling.
		Map<String, Object> expected = Map.of("beyond_long", new BigInteger("18446744073709551616"), "whole_float", 2L,
				"large_whole", 20_000_000_000L);
		return new ProviderClaims("every JSON type", claims, claims, expected, expected);
	}

	// Map.of refuses null values and keeps no order.
	private static Map<String, Object> map(Object... namesAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return map;
	}

}
