package dev.simplelogin.user;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserProperties.class)
public class UserConfiguration {

	// The picture origins come from the sign-in providers' configuration; without it, no
	// pictures.
	@Bean
	UserDirectory userDirectory(UserProperties properties, ObjectProvider<PictureOrigins> pictures) {
		return new UserDirectory(properties.maximumSize(), Clock.systemUTC(),
				pictures.getIfAvailable(PictureOrigins::none));
	}

}
