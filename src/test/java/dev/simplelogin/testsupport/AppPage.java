package dev.simplelogin.testsupport;

import java.util.List;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What every page of the app has: the layout's header, a heading, and (when signed in)
 * the header's Sign out button.
 */
public abstract class AppPage {

	protected final Browser browser;

	protected AppPage(Browser browser, String path, String name) {
		this.browser = browser;
		browser.waiting()
			.until((driver) -> browser.path().equals(path) && !driver.findElements(By.tagName("h1")).isEmpty());
		browser.arrived(name, true);
	}

	public String heading() {
		return this.browser.driver().findElement(By.tagName("h1")).getText();
	}

	public String text() {
		return this.browser.driver().findElement(By.tagName("main")).getText();
	}

	public Optional<String> signedInAs() {
		List<WebElement> names = this.browser.driver().findElements(By.cssSelector(".site-header .account-name"));
		return names.stream().findFirst().map(WebElement::getText);
	}

	public HomePage signOut() {
		this.browser.driver().findElement(By.cssSelector(".site-header form button")).click();
		return new HomePage(this.browser);
	}

}
