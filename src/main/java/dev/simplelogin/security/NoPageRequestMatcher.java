package dev.simplelogin.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches a request for an address where the app has no page: the DispatcherServlet will
 * answer it 404 whoever asks, because none of its handler mappings (the controllers,
 * static files under /assets/, the actuator) has a handler for it. The access table lets
 * such a request through signed out, so that the visitor gets the 404 page, as a
 * signed-in person does, instead of a redirect to sign in, a saved-page cookie for a page
 * that does not exist, and a session.
 * <p>
 * Default-deny stays for everything else. A request matches only when the container hands
 * it to this app's DispatcherServlet (its servlet context, the servlet named
 * {@code dispatcherServlet}, mapped to {@code /}): another servlet added later, or the
 * actuator on a management port of its own, has pages of its own that these handler
 * mappings know nothing of. Every {@link HandlerMapping} bean is asked, as the
 * DispatcherServlet asks them (so this sees at least what it sees), and a mapping that
 * cannot decide (it throws: a known path with another method or media type) counts as a
 * page. The lookup runs on a copy of the request's attributes: what a mapping records
 * about its match must not leak into the real dispatch.
 */
final class NoPageRequestMatcher implements RequestMatcher {

	private final WebApplicationContext context;

	private volatile @Nullable List<HandlerMapping> mappings;

	NoPageRequestMatcher(WebApplicationContext context) {
		this.context = context;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		return servedByTheDispatcherServlet(request) && !hasHandler(new LookupRequest(request));
	}

	private boolean servedByTheDispatcherServlet(HttpServletRequest request) {
		HttpServletMapping mapping = request.getHttpServletMapping();
		return request.getServletContext() == this.context.getServletContext() && mapping != null
				&& mapping.getMappingMatch() == MappingMatch.DEFAULT
				&& DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME
					.equals(mapping.getServletName());
	}

	private boolean hasHandler(HttpServletRequest request) {
		ServletRequestPathUtils.parseAndCache(request);
		for (HandlerMapping mapping : mappings()) {
			try {
				if (mapping.getHandler(request) != null) {
					return true;
				}
			}
			catch (Exception ex) {
				return true;
			}
		}
		return false;
	}

	// Found as the DispatcherServlet finds them (every bean of the type, in order), at
	// the first request: the filter chain is made before them.
	private List<HandlerMapping> mappings() {
		List<HandlerMapping> mappings = this.mappings;
		if (mappings == null) {
			List<HandlerMapping> found = new ArrayList<>(
					BeanFactoryUtils.beansOfTypeIncludingAncestors(this.context, HandlerMapping.class, true, false)
						.values());
			AnnotationAwareOrderComparator.sort(found);
			mappings = List.copyOf(found);
			this.mappings = mappings;
		}
		return mappings;
	}

	/** The request with attributes of its own, seeded from the real request's. */
	private static final class LookupRequest extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		LookupRequest(HttpServletRequest request) {
			super(request);
			for (Enumeration<String> names = request.getAttributeNames(); names.hasMoreElements();) {
				String name = names.nextElement();
				this.attributes.put(name, request.getAttribute(name));
			}
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return Collections.enumeration(this.attributes.keySet());
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			if (value == null) {
				this.attributes.remove(name);
			}
			else {
				this.attributes.put(name, value);
			}
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
		}

	}

}
