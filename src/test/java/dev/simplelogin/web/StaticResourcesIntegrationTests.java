package dev.simplelogin.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.simplelogin.testsupport.AppWithDemoProviderTest;
import dev.simplelogin.testsupport.HttpFlow;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stylesheet and images are served under content-hashed URLs with year-long caching,
 * and never touch the session.
 */
@AppWithDemoProviderTest
class StaticResourcesIntegrationTests {

	private static final Pattern STYLESHEET = Pattern.compile("href=\"(/assets/css/app-[0-9a-f]{32}\\.css)\"");

	@LocalServerPort
	private int port;

	@Test
	void pagesLinkTheStylesheetByContentHashAndItIsCachedForAYear() {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		Matcher link = STYLESHEET.matcher(browser.get("/").body());
		assertThat(link.find()).isTrue();

		HttpResponse<String> css = browser.get(link.group(1));

		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Cache-Control")).get()
			.asString()
			.contains("max-age=31536000")
			.doesNotContain("no-store", "no-cache");
		assertThat(css.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(css.body()).contains("prefers-color-scheme");
	}

	@Test
	void textIsCompressedForBrowsersThatAcceptIt() {
		HttpFlow browser = new HttpFlow("http://127.0.0.1:" + this.port);
		Matcher link = STYLESHEET.matcher(browser.get("/").body());
		assertThat(link.find()).isTrue();

		for (String path : List.of(link.group(1), "/login")) {
			HttpResponse<String> response = browser.get(path, "Accept-Encoding", "gzip");
			assertThat(response.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
		}
	}

}
