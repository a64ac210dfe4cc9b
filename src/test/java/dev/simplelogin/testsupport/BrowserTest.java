package dev.simplelogin.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole app on a random port of 127.0.0.1 for browser tests: registered with the demo
 * provider that asks for consent, and with Google (test credentials, never contacted) so
 * the sign-in page shows Google's button too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ForgetSessions.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "simplelogin.google.client-id=browser-test.apps.googleusercontent.com",
				"simplelogin.google.client-secret=never-sent" })
@ContextConfiguration(initializers = ConsentProviderInitializer.class)
public @interface BrowserTest {

}
