package dev.simplelogin.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.simplelogin.account.SessionCount;
import dev.simplelogin.security.access.AccessConfiguration;
import dev.simplelogin.security.logout.WebSliceBackChannelLogout;
import dev.simplelogin.user.UserConfiguration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.session.autoconfigure.SessionProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A {@code @WebMvcTest} slice with the app's real security configuration and Google
 * registered (from test credentials; nothing is fetched over the network), and the access
 * rules (whose session filter is ordered after Spring Session's, hence its properties).
 * The sessions page needs the session store, so it is left out (its tests run the whole
 * app), and the home page's session count is a mock.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(
		properties = { "simplelogin.google.client-id=test-client.apps.googleusercontent.com",
				"simplelogin.google.client-secret=test-secret" },
		excludeFilters = @Filter(type = FilterType.REGEX, pattern = "dev\\.simplelogin\\.account\\..*"))
@MockitoBean(types = SessionCount.class)
@Import({ SecurityConfiguration.class, OpenIdClientConfiguration.class, SignInStateConfiguration.class,
		SignInProviders.class, UserConfiguration.class, AccessConfiguration.class, WebSliceBackChannelLogout.class })
@EnableConfigurationProperties(SessionProperties.class)
public @interface WebSliceTest {

}
