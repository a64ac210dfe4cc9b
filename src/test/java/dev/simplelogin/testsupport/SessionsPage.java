package dev.simplelogin.testsupport;

import java.util.List;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** {@code /sessions}: the person's sessions, each with a Sign out button but this one. */
public class SessionsPage extends AppPage {

	public SessionsPage(Browser browser) {
		super(browser, "/sessions", "sessions");
	}

	/**
	 * Each session's heading: its browser label, and "this browser" on the current one.
	 */
	public List<String> rows() {
		return sessions().stream()
			.map((session) -> session.findElement(By.tagName("h2")).getText().replaceAll("\\s+", " ").strip())
			.toList();
	}

	/** The sentence saying what the last form did. */
	public Optional<String> outcome() {
		return this.browser.driver()
			.findElements(By.cssSelector("main [role=status]"))
			.stream()
			.findFirst()
			.map(WebElement::getText);
	}

	/**
	 * Presses the Sign out button of the session whose heading is the given label.
	 * @param row the session's heading, as {@link #rows()} gives it
	 * @return the page after the answer
	 */
	public SessionsPage signOut(String row) {
		WebElement session = sessions().stream()
			.filter((candidate) -> candidate.findElement(By.tagName("h2"))
				.getText()
				.replaceAll("\\s+", " ")
				.strip()
				.equals(row))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No session " + row + " among " + rows()));
		return submit(session.findElement(By.tagName("button")));
	}

	public SessionsPage signOutEverywhereElse() {
		return submit(button("Sign out everywhere else"));
	}

	public HomePage signOutEverywhere() {
		button("Sign out everywhere").click();
		return new HomePage(this.browser);
	}

	// The answer is this page again: wait until the old one is gone.
	private SessionsPage submit(WebElement button) {
		this.browser.clickAndWaitForNextDocument(button);
		return new SessionsPage(this.browser);
	}

	private List<WebElement> sessions() {
		return this.browser.driver().findElements(By.cssSelector("li.session"));
	}

	private WebElement button(String text) {
		return this.browser.driver().findElement(By.xpath("//main//button[normalize-space()='" + text + "']"));
	}

}
