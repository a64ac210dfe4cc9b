package dev.simplelogin.session;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A short, human label for a User-Agent header, such as "Firefox on Windows": enough for
 * a person to tell their devices apart on the sessions page, and nothing a client could
 * use to put markup or a long text there (the label is always one of the names below).
 */
public final class BrowserLabel {

	// Order matters: Edge and Opera also name Chrome, Chrome also names Safari.
	private static final List<Map.Entry<String, String>> BROWSERS = List.of(Map.entry("Edg/", "Edge"),
			Map.entry("OPR/", "Opera"), Map.entry("Firefox/", "Firefox"), Map.entry("Chrome/", "Chrome"),
			Map.entry("Safari/", "Safari"), Map.entry("curl/", "curl"));

	private static final List<Map.Entry<String, String>> SYSTEMS = List.of(Map.entry("Android", "Android"),
			Map.entry("iPhone", "iOS"), Map.entry("iPad", "iPadOS"), Map.entry("Windows", "Windows"),
			Map.entry("Mac OS X", "macOS"), Map.entry("CrOS", "ChromeOS"), Map.entry("Linux", "Linux"));

	private BrowserLabel() {
	}

	public static String of(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return "Unknown browser";
		}
		String browser = first(BROWSERS, userAgent, "Unknown browser");
		String system = first(SYSTEMS, userAgent, null);
		return (system != null) ? browser + " on " + system : browser;
	}

	private static @Nullable String first(List<Map.Entry<String, String>> names, String userAgent,
			@Nullable String otherwise) {
		for (Map.Entry<String, String> name : names) {
			if (userAgent.contains(name.getKey())) {
				return name.getValue();
			}
		}
		return otherwise;
	}

}
