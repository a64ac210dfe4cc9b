package dev.simplelogin.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserLabelTests {

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 | Chrome on Linux
					Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0 | Edge on Windows
					Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15 | Safari on macOS
					Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1 | Safari on iOS
					Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 | Chrome on Android
					Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0 | Firefox on Windows
					curl/8.14.1 | curl
					<script>alert(1)</script> | Unknown browser
					""")
	void userAgentBecomesAShortLabel(String userAgent, String label) {
		assertThat(BrowserLabel.of(userAgent)).isEqualTo(label);
	}

	@ParameterizedTest
	@CsvSource(value = { "''", "'   '" })
	void missingUserAgentIsUnknownBrowser(String userAgent) {
		assertThat(BrowserLabel.of(userAgent)).isEqualTo("Unknown browser");
		assertThat(BrowserLabel.of(null)).isEqualTo("Unknown browser");
	}

}
