package dev.simplelogin.testsupport;

import org.openqa.selenium.By;

/** The demo provider's sign-in form (Spring Security's default login page). */
public class ProviderLoginPage {

	private final Browser browser;

	public ProviderLoginPage(Browser browser) {
		this.browser = browser;
		browser.waiting().until((driver) -> !driver.findElements(By.name("username")).isEmpty());
		browser.arrived("provider-sign-in", false);
	}

	/**
	 * Signs in at the provider.
	 * @param account who signs in
	 * @return the consent page the provider shows next
	 */
	public ProviderConsentPage signIn(DemoAccount account) {
		submit(account);
		return new ProviderConsentPage(this.browser);
	}

	/**
	 * Signs in at a provider that asks no consent, which sends the browser straight back
	 * to the app.
	 * @param account who signs in
	 */
	public void submit(DemoAccount account) {
		this.browser.driver().findElement(By.name("username")).sendKeys(account.username());
		this.browser.driver().findElement(By.name("password")).sendKeys(account.password());
		this.browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
	}

}
