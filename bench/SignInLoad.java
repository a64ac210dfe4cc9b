import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sign-ins through the whole flow, as fast as a few browsers can go: curl loops spend most of
 * their time starting processes, so the app would see too few sign-ins for its JIT to compile
 * that path. Each loop is one person with their own cookies, who signs in at the provider once
 * (login form and password) and then, like most people at Google, stays signed in there: every
 * further sign-in drops only the app's session cookie and goes start → provider → callback →
 * signed-in {@code /secret}, each step checked.
 *
 * <p>Runs the loops for the warm-up, then for the measured time, and prints
 * {@code sign-ins/s|app CPU ms per sign-in|failed|of that, JIT compiler ms per sign-in} for the
 * measured part; the app's CPU is its process's user + system time from /proc, and the JIT's
 * that of its C1 and C2 compiler threads. Run with any JDK 17+:
 * {@code java bench/SignInLoad.java <app url> <issuer> <user> <password> <app pid> <loops> <warm-up s> <measured s>}
 */
public class SignInLoad {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

	// /proc counts CPU time in USER_HZ ticks, 100 per second on Linux.
	private static final long TICKS_PER_SECOND = 100;

	public static void main(String[] args) throws Exception {
		String app = args[0];
		String issuer = args[1];
		String user = args[2];
		String password = args[3];
		long pid = Long.parseLong(args[4]);
		int loops = Integer.parseInt(args[5]);
		long warmUpNanos = Duration.ofSeconds(Long.parseLong(args[6])).toNanos();
		long measuredNanos = Duration.ofSeconds(Long.parseLong(args[7])).toNanos();

		AtomicBoolean measuring = new AtomicBoolean();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong done = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<String> firstFailures = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < loops; i++) {
			Person person = new Person(app, issuer);
			Thread thread = new Thread(() -> {
				boolean atProvider = false;
				while (!stop.get()) {
					try {
						if (!atProvider) {
							person.signInAtProvider(user, password);
							atProvider = true;
						}
						else {
							person.signIn();
						}
						if (measuring.get()) {
							done.incrementAndGet();
						}
					}
					catch (Exception ex) {
						atProvider = false;
						person.forgetCookies();
						if (measuring.get()) {
							failed.incrementAndGet();
						}
						synchronized (firstFailures) {
							if (firstFailures.size() < 3) {
								firstFailures.add(String.valueOf(ex.getMessage()));
							}
						}
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(warmUpNanos / 1_000_000);
		long ticksBefore = cpuTicks(pid);
		long compilerTicksBefore = compilerTicks(pid);
		long started = System.nanoTime();
		measuring.set(true);
		Thread.sleep(measuredNanos / 1_000_000);
		measuring.set(false);
		long elapsed = System.nanoTime() - started;
		long ticks = cpuTicks(pid) - ticksBefore;
		long jit = compilerTicks(pid) - compilerTicksBefore;
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		long n = done.get();
		for (String failure : firstFailures) {
			System.err.println("sign-in failed: " + failure);
		}
		System.out.printf("%.1f|%.2f|%d|%.2f%n", n / (elapsed / 1e9), perSignIn(ticks, n), failed.get(),
				perSignIn(jit, n));
	}

	private static double perSignIn(long ticks, long signIns) {
		return (signIns == 0) ? 0.0 : ticks * 1000.0 / TICKS_PER_SECOND / signIns;
	}

	private static long cpuTicks(long pid) throws Exception {
		return ticks(Path.of("/proc", Long.toString(pid), "stat"));
	}

	// HotSpot's JIT compiler threads: a one-time cost, until the sign-in path is compiled.
	private static long compilerTicks(long pid) throws Exception {
		long ticks = 0;
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path thread : threads) {
				try {
					String name = Files.readString(thread.resolve("comm"));
					if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
						ticks += ticks(thread.resolve("stat"));
					}
				}
				catch (NoSuchFileException ex) {
					// A compiler thread HotSpot stopped meanwhile: its time is not counted.
				}
			}
		}
		return ticks;
	}

	private static long ticks(Path procStat) throws Exception {
		String stat = Files.readString(procStat);
		// The command name in parentheses may hold spaces; fields count from after it.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** One browser: its own cookies and connections. */
	private static final class Person {

		private final String app;

		private final String issuer;

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		private final HttpClient http;

		Person(String app, String issuer) {
			this.app = app;
			this.issuer = issuer;
			this.http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER)
				.cookieHandler(this.cookies)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
		}

		/** The first sign-in: the provider asks for the password. */
		void signInAtProvider(String user, String password) throws Exception {
			String authorize = redirect(get(this.app + "/oauth2/authorization/demo"), this.issuer + "/oauth2/authorize");
			String login = redirect(get(authorize), this.issuer + "/login");
			HttpResponse<String> form = get(login);
			Matcher csrf = CSRF.matcher(form.body());
			if (!csrf.find()) {
				throw new IllegalStateException("no _csrf on the provider's login page");
			}
			String body = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
			HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(login))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
			String callback = redirect(get(redirect(posted, this.issuer)), this.app + "/login/oauth2/code/demo");
			finish(callback);
		}

		/** Every later sign-in: a new app session, straight back from the provider. */
		void signIn() throws Exception {
			this.cookies.getCookieStore().getCookies().stream()
				.filter((cookie) -> cookie.getName().equals("SESSION"))
				.toList()
				.forEach((cookie) -> this.cookies.getCookieStore().remove(null, cookie));
			String authorize = redirect(get(this.app + "/oauth2/authorization/demo"), this.issuer + "/oauth2/authorize");
			finish(redirect(get(authorize), this.app + "/login/oauth2/code/demo"));
		}

		void forgetCookies() {
			this.cookies.getCookieStore().removeAll();
		}

		private void finish(String callback) throws Exception {
			HttpResponse<String> landing = get(callback);
			if (!redirect(landing, this.app).equals(this.app + "/")) {
				throw new IllegalStateException("the callback answered " + landing.statusCode() + " to '"
						+ redirect(landing, this.app) + "', expected the home page");
			}
			HttpResponse<String> secret = get(this.app + "/secret");
			if (secret.statusCode() != 200) {
				throw new IllegalStateException("/secret answered " + secret.statusCode() + " "
						+ secret.headers().firstValue("Location").orElse("") + " after sign-in");
			}
		}

		private HttpResponse<String> get(String url) throws Exception {
			return send(HttpRequest.newBuilder(URI.create(url)).GET());
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
			return this.http.send(request.header("Accept", "text/html").timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private static String redirect(HttpResponse<String> response, String expectedPrefix) {
			// The app sends paths only (server.tomcat.use-relative-redirects), the provider whole URLs.
			String location = response.request()
				.uri()
				.resolve(response.headers().firstValue("Location").orElse(""))
				.toString();
			if (response.statusCode() != 302 || !location.startsWith(expectedPrefix)) {
				throw new IllegalStateException(response.request().uri().getPath() + " answered "
						+ response.statusCode() + " to '" + location + "', expected a redirect to " + expectedPrefix);
			}
			return location;
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
