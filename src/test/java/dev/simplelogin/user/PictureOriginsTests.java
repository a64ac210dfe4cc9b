package dev.simplelogin.user;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PictureOriginsTests {

	@Test
	void originsAreWrittenAsContentSecurityPolicySourcesOnceEachInTheOrderGiven() {
		PictureOrigins origins = PictureOrigins.of(List.of("images.example.com", "HTTP://127.0.0.1:8081/",
				"https://images.example.com:443", "https://cdn.example.com:8443"));

		assertThat(origins.origins()).containsExactly("https://images.example.com", "http://127.0.0.1:8081",
				"https://cdn.example.com:8443");
	}

	@Test
	void pictureFromAnAllowedOriginMayBeShown() {
		PictureOrigins origins = PictureOrigins
			.of(List.of("https://lh3.googleusercontent.com", "http://127.0.0.1:8081"));

		assertThat(origins.allows("https://lh3.googleusercontent.com/a/ACg8ocK=s96-c")).isTrue();
		assertThat(origins.allows("https://LH3.googleusercontent.com:443/a/ACg8ocK")).isTrue();
		assertThat(origins.allows("http://127.0.0.1:8081/ada.png")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://lh4.googleusercontent.com/a/x", "http://lh3.googleusercontent.com/a/x",
			"https://lh3.googleusercontent.com:8443/a/x", "https://lh3.googleusercontent.com.evil.example/a/x",
			"http://127.0.0.1:8082/ada.png", "https://user@lh3.googleusercontent.com/a/x", "/a/x",
			"data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "not a url", "" })
	void pictureFromAnyOtherOriginMayNot(String pictureUrl) {
		PictureOrigins origins = PictureOrigins
			.of(List.of("https://lh3.googleusercontent.com", "http://127.0.0.1:8081"));

		assertThat(origins.allows(pictureUrl)).isFalse();
	}

	@Test
	void noPictureIsNeverShown() {
		assertThat(PictureOrigins.of(List.of("https://lh3.googleusercontent.com")).allows(null)).isFalse();
		assertThat(PictureOrigins.none().allows("https://lh3.googleusercontent.com/a/x")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://images.example.com/avatars", "https://*.googleusercontent.com",
			"ftp://images.example.com", "https://images.example.com?size=96", "https://user@images.example.com",
			"https://", "'self'", "" })
	void valueThatIsNotAnHttpOriginIsRefused(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> PictureOrigins.of(List.of(value)))
			.withMessageContaining("is not an origin such as https://images.example.com");
	}

}
