package dev.simplelogin.security.access;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * How claim names in {@code required-claims} bind, as docs/access.md says: a misbound
 * name is a rule on a claim no provider sends, which keeps everyone out.
 */
class AccessPropertiesBindingTests {

	@Test
	void claimNameInBracketsKeepsEveryCharacter() {
		assertThat(requiredClaims(Map.of("simplelogin.access.required-claims[https://corp.example/roles]", "admin",
				"simplelogin.access.required-claims.[cognito:groups]", "staff")))
			.containsOnly(entry("https://corp.example/roles", "admin"), entry("cognito:groups", "staff"));
	}

	@Test
	void claimNameWithDotsNeedsNoBrackets() {
		assertThat(requiredClaims(Map.of("simplelogin.access.required-claims.org.unit", "eng")))
			.containsOnly(entry("org.unit", "eng"));
	}

	@Test
	void claimNameWithoutBracketsLosesItsColon() {
		assertThat(requiredClaims(Map.of("simplelogin.access.required-claims.cognito:groups", "staff")))
			.containsOnly(entry("cognitogroups", "staff"));
	}

	private static Map<String, String> requiredClaims(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("simplelogin.access", AccessProperties.class)
			.requiredClaims();
	}

}
