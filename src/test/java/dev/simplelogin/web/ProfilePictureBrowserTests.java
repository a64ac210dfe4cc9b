package dev.simplelogin.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.simplelogin.testsupport.Browser;
import dev.simplelogin.testsupport.HomePage;
import dev.simplelogin.testsupport.HostileProvider;
import dev.simplelogin.testsupport.PictureServer;
import dev.simplelogin.testsupport.ProviderClaims;
import dev.simplelogin.testsupport.SignInPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile pictures in Chromium, from a provider other than Google: its picture host is
 * configured ({@code simplelogin.providers.hostile.picture-hosts}), and pictures come
 * from image hosts on 127.0.0.1, one allowed and one not. Every page the browser arrives
 * at is also checked for Content-Security-Policy refusals in its console.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProfilePictureBrowserTests {

	private static final HostileProvider provider = new HostileProvider();

	private static final PictureServer pictureHost = new PictureServer();

	private static final PictureServer otherHost = new PictureServer();

	@LocalServerPort
	private int port;

	@TempDir
	private Path profile;

	@DynamicPropertySource
	static void registerProviderWithItsPictureHost(DynamicPropertyRegistry registry) {
		provider.clientProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("simplelogin.providers.hostile.picture-hosts", pictureHost::origin);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	@AfterAll
	static void stopServers() {
		provider.close();
		pictureHost.close();
		otherHost.close();
	}

	@AfterEach
	void noPicture() {
		provider.sendClaims(null);
	}

	@Test
	void pictureFromTheProvidersPictureHostShowsOnTheHomePageAndInTheHeader() {
		provider.sendClaims(withPicture(pictureHost.url("/ada.png")));
		try (Browser browser = Browser.start(this.profile, "ProfilePictureBrowserTests-allowed", true)) {
			signIn(browser);

			browser.waiting().until((driver) -> !loadingPictures(browser));
			assertThat(pictureWidths(browser)).containsExactly((long) PictureServer.SIZE, (long) PictureServer.SIZE);
			assertThat(pictureHost.requests()).isPositive();
		}
	}

	@Test
	void pictureFromAHostThatIsNotAllowedIsNotShownAtAll() {
		provider.sendClaims(withPicture(otherHost.url("/mallory.png")));
		try (Browser browser = Browser.start(this.profile, "ProfilePictureBrowserTests-other", true)) {
			HomePage home = signIn(browser);

			assertThat(home.heading()).startsWith("Hello, ");
			assertThat(pictureWidths(browser)).isEmpty();
			assertThat(otherHost.requests()).isZero();
		}
	}

	private HomePage signIn(Browser browser) {
		// The provider signs in without a form of its own.
		SignInPage.open(browser, "http://127.0.0.1:" + this.port).signInWith("Hostile");
		return new HomePage(browser);
	}

	// The natural width of every picture on the page: 0 for one the browser could not
	// show.
	@SuppressWarnings("unchecked")
	private static List<Long> pictureWidths(Browser browser) {
		return (List<Long>) ((JavascriptExecutor) browser.driver()).executeScript(
				"return Array.from(document.querySelectorAll('img.picture, img.avatar'), (img) => img.naturalWidth)");
	}

	private static boolean loadingPictures(Browser browser) {
		return (Boolean) ((JavascriptExecutor) browser.driver()).executeScript(
				"return Array.from(document.querySelectorAll('img.picture, img.avatar')).some((img) => !img.complete)");
	}

	private static ProviderClaims withPicture(String url) {
		return new ProviderClaims("a picture at " + url, Map.of("picture", url), Map.of("picture", url), Map.of(),
				Map.of());
	}

}
