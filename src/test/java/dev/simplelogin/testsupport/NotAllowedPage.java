package dev.simplelogin.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The refusal page, the answer to a sign-in's callback when the access rules do not let
 * the account in.
 */
public class NotAllowedPage extends AppPage {

	public NotAllowedPage(Browser browser, String registrationId) {
		super(browser, "/login/oauth2/code/" + registrationId, "not-allowed");
	}

	public String address() {
		return this.browser.driver().findElement(By.cssSelector("main strong")).getText();
	}

	public WebElement anotherAccount() {
		return this.browser.driver().findElement(By.linkText("Use another account"));
	}

}
