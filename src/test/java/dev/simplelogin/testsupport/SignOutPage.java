package dev.simplelogin.testsupport;

import org.openqa.selenium.By;

/** {@code GET /logout}: asks before signing out. */
public class SignOutPage extends AppPage {

	public SignOutPage(Browser browser) {
		super(browser, "/logout", "sign-out");
	}

	public HomePage confirm() {
		this.browser.driver().findElement(By.cssSelector("main form button")).click();
		return new HomePage(this.browser);
	}

}
