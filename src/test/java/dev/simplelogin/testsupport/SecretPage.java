package dev.simplelogin.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** {@code /secret}: only for signed-in users. */
public class SecretPage extends AppPage {

	public SecretPage(Browser browser) {
		super(browser, "/secret", "secret");
	}

	public String fact(String term) {
		return this.browser.driver()
			.findElement(By.xpath("//dl[@class='facts']/dt[.='" + term + "']/following-sibling::dd[1]"))
			.getText();
	}

	public WebElement verifiedBadge() {
		return this.browser.driver().findElement(By.cssSelector(".facts .badge"));
	}

}
