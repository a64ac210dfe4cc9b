package dev.simplelogin.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SameOriginRedirectStrategyTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http://127.0.0.1:8080/secret?continue | /secret?continue",
			"http://evil.example/secret?continue | /secret?continue", "https://evil.example | /", "//evil.example | /",
			"//evil.example/secret | /secret", "/\\evil.example | /", "/%09/evil.example | /%09/evil.example",
			"javascript:alert(1) | /", "/ | /", "/secret | /secret", "evil.example | /", "'' | /" })
	void redirectsOnlyToAPathOfThisApp(String target, String expected) {
		assertThat(SameOriginRedirectStrategy.pathAndQuery(target)).isEqualTo(expected);
	}

}
