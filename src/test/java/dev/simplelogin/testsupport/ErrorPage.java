package dev.simplelogin.testsupport;

import org.openqa.selenium.By;

/** The error page, shown in the app's layout for any status. */
public class ErrorPage {

	private final Browser browser;

	public ErrorPage(Browser browser) {
		this.browser = browser;
		browser.waiting().until((driver) -> !driver.findElements(By.cssSelector(".site-header")).isEmpty());
		browser.arrived("error", true);
	}

	public String heading() {
		return this.browser.driver().findElement(By.tagName("h1")).getText();
	}

}
