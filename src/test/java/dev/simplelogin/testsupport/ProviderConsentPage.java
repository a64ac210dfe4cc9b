package dev.simplelogin.testsupport;

import org.openqa.selenium.By;

/**
 * The demo provider's consent page. Approving grants {@code profile} but not
 * {@code email}, so the provider asks again at the next sign-in: every flow meets this
 * page, whatever ran before.
 */
public class ProviderConsentPage {

	private final Browser browser;

	public ProviderConsentPage(Browser browser) {
		this.browser = browser;
		browser.waiting().until((driver) -> !driver.findElements(By.id("submit-consent")).isEmpty());
		browser.arrived("provider-consent", false);
	}

	public void approve() {
		this.browser.driver().findElement(By.id("profile")).click();
		this.browser.driver().findElement(By.id("submit-consent")).click();
	}

	public void cancel() {
		this.browser.driver().findElement(By.id("cancel-consent")).click();
	}

}
