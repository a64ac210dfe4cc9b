package dev.simplelogin.testsupport;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Deletes every stored session after each test, so that no test meets the sessions of
 * another: the application contexts are cached and shared by every test class that
 * configures the app alike. Part of {@link AppWithDemoProviderTest}, {@link BrowserTest}
 * and {@link PostgresTest}.
 */
public class ForgetSessions implements AfterEachCallback {

	@Override
	public void afterEach(ExtensionContext context) {
		DataSource sessions = SpringExtension.getApplicationContext(context).getBean(DataSource.class);
		new JdbcTemplate(sessions).update("DELETE FROM SPRING_SESSION");
	}

}
