package dev.simplelogin.user;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserProperties.class)
public class UserConfiguration {

	@Bean
	UserDirectory userDirectory(UserProperties properties) {
		return new UserDirectory(properties.maximumSize(), Clock.systemUTC());
	}

}
