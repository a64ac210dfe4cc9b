package dev.simplelogin.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.simplelogin.security.access.AccessConfiguration;
import dev.simplelogin.user.UserConfiguration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;

/**
 * A {@code @WebMvcTest} slice with the app's real security configuration and Google
 * registered (from test credentials; nothing is fetched over the network), and the access
 * rules (whose session filter is ordered after Spring Session's, hence its properties).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(properties = { "simplelogin.google.client-id=test-client.apps.googleusercontent.com",
		"simplelogin.google.client-secret=test-secret" })
@Import({ SecurityConfiguration.class, OpenIdClientConfiguration.class, SignInStateConfiguration.class,
		SignInProviders.class, UserConfiguration.class, AccessConfiguration.class })
@EnableConfigurationProperties(SessionProperties.class)
public @interface WebSliceTest {

}
