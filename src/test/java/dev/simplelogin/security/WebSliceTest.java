package dev.simplelogin.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.simplelogin.security.logout.WebSliceBackChannelLogout;
import dev.simplelogin.user.UserConfiguration;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;

/**
 * A {@code @WebMvcTest} slice with the app's real security configuration and Google
 * registered (from test credentials; nothing is fetched over the network).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(properties = { "simplelogin.google.client-id=test-client.apps.googleusercontent.com",
		"simplelogin.google.client-secret=test-secret" })
@Import({ SecurityConfiguration.class, OpenIdClientConfiguration.class, SignInStateConfiguration.class,
		SignInProviders.class, UserConfiguration.class, WebSliceBackChannelLogout.class })
public @interface WebSliceTest {

}
