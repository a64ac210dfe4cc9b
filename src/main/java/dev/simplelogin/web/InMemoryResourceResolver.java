package dev.simplelogin.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.AbstractResourceResolver;
import org.springframework.web.servlet.resource.ResourceResolverChain;

/**
 * Hands out the static files as copies in memory. Spring's resource chain caches which
 * resource a path resolves to, but a class-path resource opens its entry in the nested
 * jar again for every request (to read it, its length and its date): that was more than
 * half of the bytes a stylesheet's request allocated. The app's static files are a few
 * kilobytes, read once each, when first resolved.
 */
final class InMemoryResourceResolver extends AbstractResourceResolver {

	@Override
	protected @Nullable Resource resolveResourceInternal(@Nullable HttpServletRequest request, String requestPath,
			List<? extends Resource> locations, ResourceResolverChain chain) {
		Resource resource = chain.resolveResource(request, requestPath, locations);
		return (resource != null) ? InMemoryResource.of(resource) : null;
	}

	@Override
	protected @Nullable String resolveUrlPathInternal(String resourceUrlPath, List<? extends Resource> locations,
			ResourceResolverChain chain) {
		return chain.resolveUrlPath(resourceUrlPath, locations);
	}

	private static final class InMemoryResource extends AbstractResource {

		private final byte[] content;

		private final long lastModified;

		private final @Nullable String filename;

		private final String description;

		private InMemoryResource(byte[] content, long lastModified, @Nullable String filename, String description) {
			this.content = content;
			this.lastModified = lastModified;
			this.filename = filename;
			this.description = description;
		}

		static InMemoryResource of(Resource resource) {
			try (InputStream in = resource.getInputStream()) {
				return new InMemoryResource(in.readAllBytes(), resource.lastModified(), resource.getFilename(),
						resource.getDescription());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public boolean exists() {
			return true;
		}

		@Override
		public InputStream getInputStream() {
			return new ByteArrayInputStream(this.content);
		}

		@Override
		public long contentLength() {
			return this.content.length;
		}

		@Override
		public long lastModified() {
			return this.lastModified;
		}

		@Override
		public @Nullable String getFilename() {
			return this.filename;
		}

		@Override
		public String getDescription() {
			return this.description;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

}
