package dev.simplelogin.web;

import dev.simplelogin.security.WebSliceTest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

/**
 * Errors render in the app's layout and never show exception text.
 */
@WebSliceTest
class ErrorPageTests {

	@Autowired
	private MockMvc mvc;

	// As the container renders an error: an ERROR dispatch to /error (a direct request
	// gets a 404).
	private static MockHttpServletRequestBuilder errorDispatch() {
		return get("/error").accept(MediaType.TEXT_HTML).with((request) -> {
			request.setDispatcherType(DispatcherType.ERROR);
			return request;
		});
	}

	@Test
	void serverErrorShowsFriendlyPageWithoutExceptionDetails() throws Exception {
		this.mvc.perform(errorDispatch().requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/secret")
			.requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("database password is hunter2")))
			.andExpect(content().string(allOf(containsString("Something went wrong"),
					containsString("The problem is on our side"), containsString("simple-login"))))
			.andExpect(content().string(allOf(not(containsString("hunter2")), not(containsString("IllegalState")),
					not(containsString("Whitelabel")))));
	}

	@Test
	void forbiddenShowsFriendlyPage() throws Exception {
		this.mvc.perform(errorDispatch().requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 403))
			.andExpect(content().string(containsString("Not allowed")));
	}

	@Test
	void notFoundShowsFriendlyPage() throws Exception {
		this.mvc.perform(errorDispatch().requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404))
			.andExpect(content().string(containsString("Page not found")));
	}

	@Test
	void errorPageTitleSaysWhatHappenedAndAsksNotToBeIndexed() throws Exception {
		this.mvc.perform(errorDispatch().requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404))
			.andExpect(content().string(allOf(containsString("<title>Page not found · simple-login</title>"),
					containsString("<meta name=\"robots\" content=\"noindex\">"))));
		this.mvc.perform(errorDispatch().requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 503))
			.andExpect(content().string(containsString("<title>Temporarily unavailable · simple-login</title>")));
	}

}
