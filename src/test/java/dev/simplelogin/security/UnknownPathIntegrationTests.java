package dev.simplelogin.security;

import java.io.IOException;
import java.net.http.HttpResponse;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.TestProviders;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address where the app has no page answers the 404 page to everyone, over real HTTP,
 * and costs a signed-out visitor no cookie; real pages keep asking to sign in, including
 * those the DispatcherServlet does not serve: another servlet's, and the actuator's on a
 * port of its own (both set up here for that reason).
 */
@AppWithDemoProviderTest(
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=health,info" })
@ExtendWith(OutputCaptureExtension.class)
class UnknownPathIntegrationTests {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private JdbcTemplate jdbc;

	private HttpFlow browser;

	@BeforeEach
	void newBrowser() {
		this.browser = new HttpFlow("http://127.0.0.1:" + this.port);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "/no-such-page", "/secret/more", "/Secret", "/oauth2/authorization/nonsense", "/actuator/env" })
	void unknownPathShowsNotFoundPageToSignedOutVisitorWithoutACookie(String path) {
		HttpResponse<String> response = this.browser.get(path);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("<h1>Page not found</h1>").doesNotContain("Sign in with");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class)).isZero();
	}

	@Test
	void secretPageStillSendsSignedOutVisitorToSignIn() {
		HttpResponse<String> response = this.browser.get("/secret");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response)).hasPath("/login");
	}

	@Test
	void unknownPathShowsSignedInPersonTheSameNotFoundPageAndLogsNothing(CapturedOutput output) {
		this.browser.signIn("/secret", TestProviders.demo().account("alice"));

		HttpResponse<String> response = this.browser.get("/no-such-page-for-alice");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("<h1>Page not found</h1>", "Sign out");
		assertThat(output.getAll()).doesNotContain("/no-such-page-for-alice");
	}

	@Test
	void unknownPathOfSignedOutVisitorLogsNothing(CapturedOutput output) {
		assertThat(this.browser.get("/no-such-page-for-anyone").statusCode()).isEqualTo(404);

		assertThat(output.getAll()).doesNotContain("/no-such-page-for-anyone");
	}

	@Test
	void anotherServletsPagesStillNeedSignIn() {
		HttpResponse<String> response = this.browser.get("/other/page");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpFlow.location(response)).hasPath("/login");
		assertThat(response.body()).doesNotContain(OtherServlet.PAGE);
	}

	@Test
	void actuatorOnItsOwnPortStillNeedsSignIn() {
		HttpFlow management = new HttpFlow("http://127.0.0.1:" + this.managementPort);

		assertThat(management.get("/actuator/health", "Accept", "application/json").statusCode()).isEqualTo(200);
		assertThat(management.get("/actuator/info", "Accept", "application/json").statusCode()).isEqualTo(401);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AnotherServlet {

		@Bean
		ServletRegistrationBean<OtherServlet> otherServlet() {
			return new ServletRegistrationBean<>(new OtherServlet(), "/other/*");
		}

	}

	static class OtherServlet extends HttpServlet {

		static final String PAGE = "a page of another servlet";

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter().write(PAGE);
		}

	}

}
