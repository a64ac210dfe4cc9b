package dev.simplelogin.security;

import java.util.stream.Stream;

import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Who may see what: every URL, signed out and signed in, with the status it answers.
 */
@WebSliceTest
class AccessTableTests {

	@Autowired
	private MockMvc mvc;

	static Stream<Arguments> accessTable() {
		return Stream.of(
				// url, signed out, signed in
				Arguments.of("/", 200, 200), Arguments.of("/login", 200, 200),
				Arguments.of("/login?error=expired", 200, 200), Arguments.of("/logout", 200, 200),
				Arguments.of("/secret", 302, 200), Arguments.of("/assets/css/app.css", 200, 200),
				Arguments.of("/assets/images/google-g.svg", 200, 200),
				Arguments.of("/oauth2/authorization/google", 302, 302),
				Arguments.of("/oauth2/authorization/nonsense", 404, 404), Arguments.of("/no-such-page", 404, 404),
				Arguments.of("/secret/more", 404, 404), Arguments.of("/error", 404, 404),
				Arguments.of("/secret;x=1", 400, 400), Arguments.of("/too-many-requests", 429, 429),
				Arguments.of("/robots.txt", 200, 200), Arguments.of("/login/not-allowed", 302, 302));
	}

	@ParameterizedTest(name = "{0}: signed out {1}, signed in {2}")
	@MethodSource("accessTable")
	void eachUrlAnswersAsTheAccessTableSays(String url, int signedOut, int signedIn) throws Exception {
		assertThat(status(get(url).accept(MediaType.TEXT_HTML))).isEqualTo(signedOut);
		assertThat(status(get(url).accept(MediaType.TEXT_HTML).with(oidcLogin()))).isEqualTo(signedIn);
	}

	@Test
	void pageAskedForWithAnotherMethodStillAsksToSignIn() throws Exception {
		assertThat(status(put("/secret").with(csrf()).accept(MediaType.TEXT_HTML))).isEqualTo(302);
	}

	private int status(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.with(mappedAsTomcatMapsIt())).andReturn().getResponse().getStatus();
	}

	// Tomcat hands every request to Boot's DispatcherServlet, mapped to "/", and says so;
	// MockMvc names no servlet, and the access table lets a request through as "no page"
	// only when the DispatcherServlet is the one to answer it.
	private static RequestPostProcessor mappedAsTomcatMapsIt() {
		return (request) -> {
			request.setHttpServletMapping(new MockHttpServletMapping(request.getRequestURI().substring(1), "/",
					"dispatcherServlet", MappingMatch.DEFAULT));
			return request;
		};
	}

}
