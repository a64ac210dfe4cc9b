package dev.simplelogin.web;

import dev.simplelogin.user.UserDirectory;

import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceChainRegistration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * What every page's model holds besides what its controller puts there, and how the
 * static files are served.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final UserDirectory users;

	private final WebProperties.Resources resources;

	private final String staticPathPattern;

	WebConfiguration(UserDirectory users, WebProperties web, WebMvcProperties mvc) {
		this.users = users;
		this.resources = web.getResources();
		this.staticPathPattern = mvc.getStaticPathPattern();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new CurrentUserInterceptor(this.users));
	}

	/**
	 * The static files, as Spring Boot would serve them from the
	 * {@code spring.web.resources} settings the app uses (locations, caching,
	 * content-hashed URLs), held in memory ({@link InMemoryResourceResolver}). Boot adds
	 * no handler of its own for a pattern the app maps.
	 */
	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		ResourceHandlerRegistration registration = registry.addResourceHandler(this.staticPathPattern)
			.addResourceLocations(this.resources.getStaticLocations())
			.setCacheControl(this.resources.getCache().getCachecontrol().toHttpCacheControl())
			.setUseLastModified(this.resources.getCache().isUseLastModified());
		if (this.resources.getCache().getPeriod() != null) {
			registration.setCachePeriod((int) this.resources.getCache().getPeriod().toSeconds());
		}
		ResourceChainRegistration chain = registration.resourceChain(this.resources.getChain().isCache());
		WebProperties.Resources.Chain.Strategy.Content content = this.resources.getChain().getStrategy().getContent();
		if (content.isEnabled()) {
			chain.addResolver(new VersionResourceResolver().addContentVersionStrategy(content.getPaths()));
		}
		chain.addResolver(new InMemoryResourceResolver());
	}

}
