package dev.simplelogin.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sign-in page's sentence for a failed sign-in ({@link SignInFailureInterceptor}).
 */
@Configuration(proxyBeanMethods = false)
class SignInFailureConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SignInFailureInterceptor()).addPathPatterns("/login");
	}

}
