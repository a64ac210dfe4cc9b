package dev.simplelogin.security;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.RawHttp;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand generated requests with random, missing, duplicated, over-long and
 * non-UTF-8 values in the callback's parameters, the session and sign-in cookies, headers
 * and paths. None may get a 5xx or a stack trace, and users signed in before keep their
 * sessions. The generator is seeded, so a failure can be replayed. The subclasses run it
 * on H2 and on PostgreSQL, whose {@code jsonb} and {@code text} refuse a NUL byte.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractFuzzIntegrationTests {

	private static final int REQUESTS = 10_000;

	private static final long SEED = 20261129L;

	private static final String[] NASTY = { "<script>alert(1)</script>", "../../etc/passwd", "%00", "\u0000",
			"${jndi:ldap://x}", "' OR '1'='1", "%ZZ", "%", "\\", "//evil.example", "javascript:alert(1)", "\r\nX: y",
			"☃", "\uD800" };

	@LocalServerPort
	private int port;

	@Test
	void generatedRequestsNeverGet5xxOrAStackTraceAndSessionsSurvive(CapturedOutput output) throws Exception {
		List<HttpFlow> signedIn = new ArrayList<>();
		for (String user : List.of("alice", "bob")) {
			HttpFlow flow = new HttpFlow("http://127.0.0.1:" + this.port);
			flow.signIn("/secret", TestProviders.demo().account(user));
			signedIn.add(flow);
		}
		RawHttp raw = new RawHttp(this.port);
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		List<String> failures = new ArrayList<>();

		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int worker = 0; worker < 4; worker++) {
				Random random = new Random(SEED + worker);
				workers.add(pool.submit(() -> {
					for (int i = 0; i < REQUESTS / 4; i++) {
						byte[] request = request(random);
						RawHttp.Response response;
						try {
							response = raw.send(request);
						}
						catch (UncheckedIOException refused) {
							// Tomcat closes on requests it will not parse (a head over 8
							// KiB, a broken request line); whether the app failed instead
							// is checked on its side below.
							response = new RawHttp.Response(0, "", "");
						}
						statuses.computeIfAbsent(response.status(), (status) -> new AtomicInteger()).incrementAndGet();
						if (response.status() >= 500 || response.body().contains("Exception")
								|| response.body().contains("\tat ") || response.body().contains("Whitelabel")) {
							synchronized (failures) {
								failures.add(response.status() + " for " + new String(request, 0,
										Math.min(request.length, 300), StandardCharsets.ISO_8859_1));
							}
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		System.out.println("Fuzz statuses: " + statuses);
		assertThat(failures).isEmpty();
		// A failure the client never saw, such as an error page that failed in turn.
		assertThat(output.getAll()).doesNotContain("Servlet.service()", "Exception Processing");
		assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(REQUESTS);
		for (HttpFlow flow : signedIn) {
			assertThat(flow.get("/secret").statusCode()).isEqualTo(200);
		}
		assertThat(new HttpFlow("http://127.0.0.1:" + this.port).signIn("/secret", TestProviders.demo().account("bob"))
			.statusCode()).isEqualTo(200);
	}

	private byte[] request(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> get("/login/oauth2/code/demo?" + params(random, "code", "state", "error", "error_description"),
					random, List.of());
			case 1 -> get(path(random), random, List.of());
			case 2 -> get(random.nextBoolean() ? "/secret" : "/", random, List.of("Cookie: " + sessionCookies(random)));
			case 3 -> get("/secret", random,
					List.of("X-Forwarded-Host: " + value(random), "X-Forwarded-Proto: " + value(random),
							"X-Forwarded-Port: " + value(random), "X-Forwarded-For: " + value(random),
							"Accept: " + value(random)));
			case 4 -> post("/logout", value(random), random);
			default -> bytes("GET /" + value(random) + " HTTP/1.1\r\nHost: " + value(random) + "\r\n\r\n");
		};
	}

	private byte[] get(String target, Random random, List<String> headers) {
		StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n");
		headers.forEach((header) -> head.append(header).append("\r\n"));
		if (random.nextInt(4) == 0) {
			head.append("Accept: application/json\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		return bytes(head.toString());
	}

	private byte[] post(String target, String body, Random random) {
		byte[] payload = bytes(body);
		String head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + payload.length
				+ "\r\nConnection: close\r\n\r\n";
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(bytes(head));
		request.writeBytes(payload);
		return request.toByteArray();
	}

	// What a sibling domain can toss or a proxy mangle: bad base64, a NUL byte, control
	// bytes, 10 KB values, 200 cookies; also sign-in cookies that decrypt to nothing, and
	// saved pages that are no path.
	private static String sessionCookies(Random random) {
		Base64.Encoder base64 = Base64.getEncoder();
		return switch (random.nextInt(8)) {
			case 7 -> "REDIRECT_URI="
					+ (random.nextBoolean() ? base64.encodeToString(bytes("/" + value(random))) : value(random));
			case 0 -> "SESSION=AA==";
			case 1 -> "SESSION=" + base64.encodeToString(new byte[] { 1, 2, 3, 0x1b, 0x7f, (byte) random.nextInt(32) });
			case 2 -> "SESSION=" + "Q".repeat(10_240);
			case 3 -> IntStream.range(0, 200)
				.mapToObj((i) -> "SESSION="
						+ base64.encodeToString(("id" + random.nextLong()).getBytes(StandardCharsets.US_ASCII)))
				.collect(Collectors.joining("; "));
			case 4 -> "SIGNIN_" + value(random) + "=" + value(random);
			case 5 -> "SESSION=" + value(random) + "; SESSION=" + value(random);
			default -> "SESSION=" + value(random);
		};
	}

	private static String params(Random random, String... names) {
		StringBuilder query = new StringBuilder();
		for (String name : names) {
			int copies = random.nextInt(3);
			for (int i = 0; i < copies; i++) {
				query.append(name).append('=').append(value(random)).append('&');
			}
		}
		return query.toString();
	}

	private static String path(Random random) {
		String[] bases = { "/", "/secret", "/login", "/logout", "/oauth2/authorization/demo", "/oauth2/authorization/",
				"/login/oauth2/code/demo", "/assets/css/app.css", "/actuator/health", "/error", "/assets/images/" };
		return bases[random.nextInt(bases.length)] + (random.nextBoolean() ? value(random) : "");
	}

	// Random, empty, over-long, percent-encoded junk, raw high bytes or a known nasty
	// string.
	private static String value(Random random) {
		return switch (random.nextInt(7)) {
			case 0 -> "";
			case 1 -> "A".repeat(random.nextBoolean() ? 65_536 : 4_000);
			case 2 -> {
				StringBuilder encoded = new StringBuilder();
				for (int i = random.nextInt(40); i > 0; i--) {
					encoded.append('%').append(String.format("%02X", random.nextInt(256)));
				}
				yield encoded.toString();
			}
			case 3 -> {
				char[] high = new char[1 + random.nextInt(30)];
				for (int i = 0; i < high.length; i++) {
					high[i] = (char) (0x80 + random.nextInt(0x80));
				}
				yield new String(high);
			}
			case 4 -> NASTY[random.nextInt(NASTY.length)];
			default -> {
				char[] printable = new char[random.nextInt(60)];
				for (int i = 0; i < printable.length; i++) {
					printable[i] = (char) (0x21 + random.nextInt(0x5e));
				}
				yield new String(printable);
			}
		};
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
