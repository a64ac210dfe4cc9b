package dev.simplelogin.user;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where the pages may load profile pictures from: origins such as
 * {@code https://lh3.googleusercontent.com}. The content security policy allows images
 * from these and from the app only, and the user map keeps only pictures from these: a
 * picture from anywhere else would be blocked by the browser and show as a broken image.
 *
 * @param origins scheme, host and (unless the scheme's default) port, each as a content
 * security policy source, each once
 */
public record PictureOrigins(List<String> origins) {

	public PictureOrigins {
		origins = List.copyOf(new LinkedHashSet<>(origins));
	}

	/**
	 * No pictures at all.
	 * @return no origins
	 */
	public static PictureOrigins none() {
		return new PictureOrigins(List.of());
	}

	/**
	 * Reads origins as an operator writes them.
	 * @param values origins ({@code https://images.example.com:8443}) or host names,
	 * which mean https ({@code images.example.com})
	 * @return the origins, in the order given
	 * @throws IllegalArgumentException when a value is not an http(s) origin: a path,
	 * query, wildcard or user name in it, or another scheme
	 */
	public static PictureOrigins of(Collection<String> values) {
		List<String> origins = new ArrayList<>();
		for (String value : values) {
			String origin = origin(value.contains("://") ? value : "https://" + value, true);
			if (origin == null) {
				throw new IllegalArgumentException(
						"'%s' is not an origin such as https://images.example.com".formatted(value));
			}
			origins.add(origin);
		}
		return new PictureOrigins(origins);
	}

	/**
	 * Whether a picture may be shown.
	 * @param pictureUrl the address of the picture, as the provider sent it
	 * @return whether its origin is one of these
	 */
	public boolean allows(@Nullable String pictureUrl) {
		if (pictureUrl == null) {
			return false;
		}
		String origin = origin(pictureUrl, false);
		return origin != null && this.origins.contains(origin);
	}

	// The origin of an http(s) address, written as a content security policy source. When
	// the address must be an origin only, nothing may follow the port.
	private static @Nullable String origin(String address, boolean originOnly) {
		try {
			URI uri = new URI(address.strip());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
					|| uri.getRawUserInfo() != null) {
				return null;
			}
			if (originOnly
					&& ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
							|| uri.getRawQuery() != null || uri.getRawFragment() != null)) {
				return null;
			}
			int defaultPort = scheme.equals("https") ? 443 : 80;
			String port = (uri.getPort() == -1 || uri.getPort() == defaultPort) ? "" : ":" + uri.getPort();
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
