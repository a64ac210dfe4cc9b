package dev.simplelogin.testsupport;

import java.util.Optional;

import org.openqa.selenium.By;

/** {@code /login}: one button per provider, and the sentence for a failed sign-in. */
public class SignInPage extends AppPage {

	public SignInPage(Browser browser) {
		super(browser, "/login", "sign-in");
	}

	public static SignInPage open(Browser browser, String baseUrl) {
		browser.open(baseUrl + "/login");
		return new SignInPage(browser);
	}

	public Optional<String> failure() {
		return this.browser.driver()
			.findElements(By.cssSelector("[role=alert]"))
			.stream()
			.findFirst()
			.map((alert) -> alert.getText());
	}

	/**
	 * Presses a provider's button; the provider may show its form or, when the person is
	 * already signed in there, go straight to consent.
	 * @param providerName the name on the button
	 */
	public void signInWith(String providerName) {
		clickProvider(this.browser, providerName);
	}

	public ProviderLoginPage signInWithNewProviderSession(String providerName) {
		clickProvider(this.browser, providerName);
		return new ProviderLoginPage(this.browser);
	}

	static void clickProvider(Browser browser, String providerName) {
		browser.driver().findElement(By.partialLinkText("Sign in with " + providerName)).click();
	}

}
