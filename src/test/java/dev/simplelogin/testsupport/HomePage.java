package dev.simplelogin.testsupport;

import org.openqa.selenium.By;

/** {@code /}: what the app is and the sign-in buttons, or a greeting when signed in. */
public class HomePage extends AppPage {

	public HomePage(Browser browser) {
		super(browser, "/", "home");
	}

	public static HomePage open(Browser browser, String baseUrl) {
		browser.open(baseUrl + "/");
		return new HomePage(browser);
	}

	public ProviderLoginPage signInWith(String providerName) {
		SignInPage.clickProvider(this.browser, providerName);
		return new ProviderLoginPage(this.browser);
	}

	public boolean saysSignedOut() {
		return !this.browser.driver().findElements(By.cssSelector(".notice")).isEmpty()
				&& text().contains("You have been signed out");
	}

	/** The link to the sessions page, such as "Signed in on 2 devices". */
	public String sessionsLink() {
		return this.browser.driver().findElement(By.partialLinkText("Signed in on")).getText();
	}

	public SessionsPage openSessions() {
		this.browser.driver().findElement(By.partialLinkText("Signed in on")).click();
		return new SessionsPage(this.browser);
	}

	public SecretPage openSecret() {
		this.browser.driver().findElement(By.linkText("See the secret page")).click();
		return new SecretPage(this.browser);
	}

}
