import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak test's crowd and its checker (bench/soak.sh runs it while it injects faults). Each
 * person is an account of the demo provider (p1, p2, ...) with two browsers of their own
 * (cookies and connections): they sign in, browse /, /secret and /sessions, and end their
 * session by signing out, by "Sign out everywhere else" on the sessions page (ending their
 * second browser's session) or by signing out at the provider (back-channel logout). Just
 * before each ending the session is asked of every instance directly, so that each holds it
 * in its session cache, as it would after a while of round-robin browsing; after the ending
 * its cookie is replayed, as a stolen cookie or the Back button would, at once and for a
 * second after, through the load balancer and to every instance directly: every instance
 * must refuse it within the bound. An instance that did not end the session itself refuses
 * it only if it heard of the ending, which is what the mutation check switches off.
 *
 * <p>Every answer is kept with the time it was sent and received. When the time is up the
 * checker reads the fault log (lines {@code <epoch ms> <kind> <instance> begin|end}) and
 * judges every answer; it prints the report's Markdown and exits 1 on any violation.
 *
 * <p>A session also ends at its max age ({@code simplelogin.session.max-age}, short in the
 * soak): a browser that keeps its session does not use it past that, but replays its cookie
 * from the moment it must have ended (its sign-in's answer plus the max age).
 *
 * <p>{@code java bench/SoakLoad.java <lb url> <issuer> <provider file> <people> <seconds>
 * <instances: name=app url|management url,...> <fault log> <report file> <mutation>
 * <max age s>}
 */
public class SoakLoad {

	// The README's promise on PostgreSQL: an ended session is refused everywhere within this.
	static final long REVOCATION_BOUND_MS = 100;

	// A 503 must come within this (README: the pool waits 1 s).
	static final long UNAVAILABLE_WITHIN_MS = 2000;

	// After PostgreSQL is back, the pools and listeners reconnect: answers this long after
	// still count as "while the database was down".
	static final long DATABASE_RECOVERY_MS = 5000;

	// Readiness is sampled every READINESS_EVERY_MS; it may disagree with what the instance
	// serves for this long (the database check's own 1 s wait, the cache's 1 s probe, a
	// sample's own time) before that counts as a violation.
	static final long READINESS_TOLERANCE_MS = 5000;

	static final long READINESS_EVERY_MS = 250;

	static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

	static final Pattern PERSON = Pattern.compile("Person (\\d+)\\b|\\bp(\\d+)@soak\\.example|>p(\\d+)<");

	enum Expect {

		LIVE, ENDED, ANONYMOUS,

		// A live session asked of one instance directly, to have it cached there: judged
		// like any page, but not for being signed in (the instance may be down).
		WARM

	}

	// instance: the one asked directly, or LB for the load balancer.
	// served: the instance that answered (nginx names it in X-Soak-Upstream), "" if unknown.
	record Answer(int person, String session, String instance, String path, long sent, long received, int status,
			String location, boolean signedIn, Set<Integer> others, Expect expect, long endedAt, boolean retry,
			String error, String served) {
	}

	static final String LB = "lb";

	record Sample(String instance, long at, boolean ready, boolean serves) {
	}

	// Whether an instance's session cache was in use (its simplelogin_sessions_cache_trusted
	// gauge); null when the instance did not answer.
	record Trust(String instance, long at, Boolean trusted) {
	}

	static final Pattern TRUSTED = Pattern.compile("(?m)^simplelogin_sessions_cache_trusted(?:\\{[^}]*})? (\\S+)$");

	// A direct request waits no longer: a stopped instance must not hold up the replays.
	static final Duration DIRECT_TIMEOUT = Duration.ofSeconds(3);

	record Fault(long at, String kind, String instance, boolean begin) {
	}

	static final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	static final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

	static final ConcurrentLinkedQueue<Trust> trust = new ConcurrentLinkedQueue<>();

	static final AtomicLong signIns = new AtomicLong();

	static final AtomicLong signInsFailed = new AtomicLong();

	static final Map<String, AtomicLong> endings = new LinkedHashMap<>();

	static final ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();

	static String lb;

	// The instances' simplelogin.session.max-age.
	static long maxAgeMillis;

	// A live session is not used closer than this to its max age.
	static final long MAX_AGE_MARGIN_MS = 3000;

	static String issuer;

	// Each instance's app url, by name, for direct requests.
	static final Map<String, String> apps = new LinkedHashMap<>();

	public static void main(String[] args) throws Exception {
		lb = args[0];
		issuer = args[1];
		Map<String, String> passwords = new HashMap<>();
		for (String line : Files.readAllLines(Path.of(args[2]))) {
			int eq = line.indexOf('=');
			passwords.put(line.substring(0, eq), line.substring(eq + 1));
		}
		int people = Integer.parseInt(args[3]);
		long seconds = Long.parseLong(args[4]);
		Map<String, String[]> instances = new LinkedHashMap<>();
		for (String instance : args[5].split(",")) {
			String[] nameAndUrls = instance.split("=", 2);
			instances.put(nameAndUrls[0], nameAndUrls[1].split("\\|"));
			apps.put(nameAndUrls[0], nameAndUrls[1].split("\\|")[0]);
		}
		Path faultLog = Path.of(args[6]);
		Path report = Path.of(args[7]);
		String mutation = args[8];
		maxAgeMillis = Long.parseLong(args[9]) * 1000;
		for (String kind : List.of("sign-out", "sessions-page", "back-channel", "max-age")) {
			endings.put(kind, new AtomicLong());
		}

		long started = System.currentTimeMillis();
		long until = started + seconds * 1000;
		AtomicBoolean stop = new AtomicBoolean();

		// The prober: alice, signed in once, asks each instance directly for /secret, next to
		// its readiness.
		Browser prober = new Browser(0, "alice", passwords.get("alice"), "Alice Example");
		// A busy machine may answer the first sign-ins 503 (the pool's wait): try again.
		for (int attempt = 1;; attempt++) {
			try {
				prober.signIn();
				break;
			}
			catch (IllegalStateException ex) {
				if (attempt == 10) {
					throw ex;
				}
				prober.forget();
				Thread.sleep(2000);
			}
		}
		AtomicReference<Signed> proberSession = new AtomicReference<>(new Signed(prober.session(), prober.signedInAt));
		List<Thread> threads = new ArrayList<>();
		threads.add(start(() -> keepSignedIn(prober, proberSession, stop)));
		for (Map.Entry<String, String[]> instance : instances.entrySet()) {
			threads.add(start(() -> probe(instance.getKey(), instance.getValue()[0], instance.getValue()[1],
					proberSession, stop)));
		}
		for (int i = 1; i <= people; i++) {
			Person person = new Person(i, passwords.get("p" + i));
			threads.add(start(() -> person.live(until)));
		}
		while (System.currentTimeMillis() < until) {
			Thread.sleep(500);
		}
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		List<Fault> faults = new ArrayList<>();
		for (String line : Files.exists(faultLog) ? Files.readAllLines(faultLog) : List.<String>of()) {
			String[] f = line.trim().split(" ");
			if (f.length == 4) {
				faults.add(new Fault(Long.parseLong(f[0]), f[1], f[2], f[3].equals("begin")));
			}
		}
		int violations = check(faults, instances.keySet(), started, seconds, people, mutation, report);
		System.exit(violations == 0 ? 0 : 1);
	}

	static Thread start(Runnable task) {
		Thread thread = new Thread(task);
		thread.start();
		return thread;
	}

	// The readiness prober's session, and when its sign-in was answered.
	record Signed(String cookie, long at) {
	}

	// Signs the prober in again halfway through each session's max age, so that it always
	// holds a session that has not reached it.
	static void keepSignedIn(Browser prober, AtomicReference<Signed> session, AtomicBoolean stop) {
		while (!stop.get()) {
			sleep(Math.max(500, session.get().at() + maxAgeMillis / 2 - System.currentTimeMillis()));
			try {
				prober.signIn();
				session.set(new Signed(prober.session(), prober.signedInAt));
			}
			catch (Exception ex) {
				// An outage: again in a moment.
			}
		}
	}

	static void probe(String name, String app, String management, AtomicReference<Signed> session,
			AtomicBoolean stop) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build();
		for (long round = 0; !stop.get(); round++) {
			long at = System.currentTimeMillis();
			if (round % 4 == 0) {
				trust.add(new Trust(name, at, trusted(http, management)));
			}
			Signed signed = session.get();
			if (at > signed.at() + maxAgeMillis - MAX_AGE_MARGIN_MS) {
				// No session young enough to tell whether the instance serves.
				sleep(READINESS_EVERY_MS);
				continue;
			}
			boolean ready = status(http, management + "/actuator/health/readiness", null, 3) == 200;
			boolean serves = false;
			try {
				HttpResponse<String> secret = http.send(HttpRequest.newBuilder(URI.create(app + "/secret"))
					.header("Accept", "text/html")
					.header("Cookie", "SESSION=" + signed.cookie())
					.timeout(Duration.ofSeconds(3))
					.build(), HttpResponse.BodyHandlers.ofString());
				serves = secret.statusCode() == 200 && secret.body().contains("Alice Example");
			}
			catch (IOException ex) {
				// Not serving.
			}
			catch (InterruptedException ex) {
				return;
			}
			samples.add(new Sample(name, at, ready, serves));
			sleep(Math.max(0, at + READINESS_EVERY_MS - System.currentTimeMillis()));
		}
	}

	static Boolean trusted(HttpClient http, String management) {
		try {
			HttpResponse<String> metrics = http.send(
					HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus"))
						.timeout(Duration.ofSeconds(3))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher gauge = TRUSTED.matcher(metrics.body());
			return (metrics.statusCode() == 200 && gauge.find()) ? Double.parseDouble(gauge.group(1)) == 1 : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	static int status(HttpClient http, String url, String cookie, int timeoutSeconds) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(timeoutSeconds));
			if (cookie != null) {
				request.header("Cookie", cookie);
			}
			return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A person with two browsers. */
	static final class Person {

		final int n;

		final Browser first;

		final Browser second;

		Person(int n, String password) {
			this.n = n;
			this.first = new Browser(n, "p" + n, password, "Person " + n);
			this.second = new Browser(n, "p" + n, password, "Person " + n);
		}

		void live(long until) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			// Spread the first sign-ins over a few seconds, as people arrive.
			sleep(random.nextLong(3000));
			while (System.currentTimeMillis() < until) {
				try {
					this.first.expireIfOld();
					if (!this.first.signedIn) {
						this.first.signIn();
					}
					for (int i = random.nextInt(3, 10); i > 0 && System.currentTimeMillis() < until; i--) {
						if (this.first.expireIfOld()) {
							break;
						}
						this.first.browse(List.of("/", "/secret", "/sessions").get(random.nextInt(3)));
						sleep(random.nextLong(200, 1200));
					}
					int choice = random.nextInt(10);
					if (choice < 4) {
						this.first.signOut();
					}
					else if (choice < 7 && this.first.signedIn) {
						this.second.signIn();
						this.second.browse("/secret");
						this.first.endOthers(this.second);
					}
					else if (choice < 9 && this.first.signedIn) {
						this.first.signOutAtProvider();
						// The logout token names the person: every app session of theirs ends.
						this.second.signedIn = false;
					}
					else {
						this.first.letExpire();
					}
				}
				catch (Exception ex) {
					// A step that could not finish (a sign-in during an outage, say): start over
					// as a person would, after a moment.
					notes.add("p" + this.n + ": " + ex.getMessage());
					this.first.forget();
					this.second.forget();
					sleep(1000);
				}
			}
		}

	}

	/** One browser: its own cookies and connections. */
	static final class Browser {

		final int n;

		final String user;

		final String password;

		final String name;

		final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		final HttpClient http;

		// Replays an ended session's cookie, with no other cookie.
		final HttpClient bare;

		boolean signedIn;

		// When the answer that signed this browser in arrived: its session was made before.
		long signedInAt;

		Browser(int n, String user, String password, String name) {
			this.n = n;
			this.user = user;
			this.password = password;
			this.name = name;
			this.http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER)
				.cookieHandler(this.cookies)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			this.bare = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
		}

		String session() {
			for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
				if (cookie.getName().equals("SESSION")) {
					return cookie.getValue();
				}
			}
			return "";
		}

		void forget() {
			this.cookies.getCookieStore().removeAll();
			this.signedIn = false;
		}

		void signIn() throws Exception {
			this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter((cookie) -> cookie.getName().equals("SESSION"))
				.toList()
				.forEach((cookie) -> this.cookies.getCookieStore().remove(null, cookie));
			HttpResponse<String> start = untilNot503(() -> get(lb + "/oauth2/authorization/demo"));
			String next = location(start, issuer + "/oauth2/authorize");
			HttpResponse<String> authorize = get(next);
			String target = location(authorize, null);
			if (target.startsWith(issuer + "/login")) {
				HttpResponse<String> form = get(target);
				Matcher csrf = CSRF.matcher(form.body());
				if (!csrf.find()) {
					throw new IllegalStateException("no _csrf on the provider's login page");
				}
				HttpResponse<String> posted = post(target, "username=" + encode(this.user) + "&password="
						+ encode(this.password) + "&_csrf=" + encode(csrf.group(1)), null);
				target = location(get(location(posted, issuer)), lb + "/login/oauth2/code/demo");
			}
			else if (!target.startsWith(lb + "/login/oauth2/code/demo")) {
				throw new IllegalStateException("the provider sent the browser to " + target);
			}
			HttpResponse<String> callback = get(target);
			if (callback.statusCode() != 302 || !location(callback, null).equals(lb + "/")) {
				signInsFailed.incrementAndGet();
				throw new IllegalStateException("the callback answered " + callback.statusCode() + " "
						+ callback.headers().firstValue("Location").orElse(""));
			}
			signIns.incrementAndGet();
			this.signedIn = true;
			this.signedInAt = System.currentTimeMillis();
			browse("/secret");
		}

		/**
		 * A session near its max age is left to reach it, then its cookie is replayed.
		 * @return whether it did
		 */
		boolean expireIfOld() throws Exception {
			if (!this.signedIn || System.currentTimeMillis() < this.signedInAt + maxAgeMillis - MAX_AGE_MARGIN_MS) {
				return false;
			}
			letExpire();
			return true;
		}

		// Leaves the session alone until it reaches its max age, then replays its cookie.
		void letExpire() throws Exception {
			if (!this.signedIn) {
				return;
			}
			String session = session();
			warm();
			long ended = this.signedInAt + maxAgeMillis;
			sleep(Math.max(0, ended - System.currentTimeMillis()));
			this.signedIn = false;
			endings.get("max-age").incrementAndGet();
			replay(session, ended);
		}

		/** A page of a live session: it must be signed in, after one retry at most. */
		void browse(String path) throws Exception {
			String session = session();
			Answer answer = request(this.http, path, session, null, Expect.LIVE, 0, false);
			if (!answer.signedIn()) {
				if (answer.status() == 503) {
					// The store is down: come back in a moment, as the page says.
					untilNot503(() -> {
						sleep(1000);
						return get(lb + path);
					});
				}
				// A wait for the store that ran into the session's max age ended it.
				if (System.currentTimeMillis() > this.signedInAt + maxAgeMillis - MAX_AGE_MARGIN_MS) {
					this.signedIn = false;
					return;
				}
				// One retry, as a browser makes after a dropped connection or a person after
				// an error page.
				Answer retry = request(this.http, path, session, null, Expect.LIVE, 0, true);
				if (!retry.signedIn() && retry.status() != 503) {
					this.signedIn = false;
					throw new IllegalStateException(path + " answered " + retry.status() + " to a live session");
				}
			}
		}

		void signOut() throws Exception {
			String session = session();
			warm();
			String csrf = csrfOf("/logout");
			HttpResponse<String> posted = post(lb + "/logout", "_csrf=" + encode(csrf), null);
			if (posted.statusCode() != 302) {
				throw new IllegalStateException("sign-out answered " + posted.statusCode());
			}
			long ended = System.currentTimeMillis();
			this.signedIn = false;
			endings.get("sign-out").incrementAndGet();
			replay(session, ended);
		}

		void endOthers(Browser other) throws Exception {
			String ending = other.session();
			other.warm();
			String csrf = csrfOf("/sessions");
			HttpResponse<String> posted = post(lb + "/sessions/end-others", "_csrf=" + encode(csrf), null);
			if (posted.statusCode() != 302) {
				throw new IllegalStateException("/sessions/end-others answered " + posted.statusCode());
			}
			long ended = System.currentTimeMillis();
			other.signedIn = false;
			endings.get("sessions-page").incrementAndGet();
			replay(ending, ended);
			browse("/secret");
		}

		void signOutAtProvider() throws Exception {
			String session = session();
			warm();
			HttpResponse<String> page = get(issuer + "/logout");
			Matcher csrf = CSRF.matcher(page.body());
			if (page.statusCode() != 200 || !csrf.find()) {
				throw new IllegalStateException("the provider's sign-out page answered " + page.statusCode());
			}
			// The provider sends its logout token before it answers.
			HttpResponse<String> posted = post(issuer + "/logout", "_csrf=" + encode(csrf.group(1)), null);
			if (posted.statusCode() != 302) {
				throw new IllegalStateException("the provider's sign-out answered " + posted.statusCode());
			}
			long ended = System.currentTimeMillis();
			this.signedIn = false;
			endings.get("back-channel").incrementAndGet();
			replay(session, ended);
		}

		// This live session asked of every instance at once: each then holds it in its
		// cache (a cache holds only the sessions its instance served), so that an instance
		// that is not told of the ending would go on serving it.
		void warm() {
			String session = session();
			CompletableFuture.allOf(apps.entrySet()
				.stream()
				.map((app) -> direct(app.getKey(), app.getValue(), "/secret", session, Expect.WARM, 0))
				.toArray(CompletableFuture[]::new)).join();
		}

		// The ended session's cookie, at once and then for a second, through the load
		// balancer and to every instance directly: the instance that ended the session
		// drops it from its own cache whether or not PostgreSQL announces the ending, so
		// only the others show whether the announcement arrived.
		void replay(String session, long ended) throws Exception {
			List<CompletableFuture<Void>> direct = new ArrayList<>();
			for (long at : new long[] { 0, 20, 60, 110, 150, 250, 400, 600, 1000 }) {
				sleep(Math.max(0, ended + at - System.currentTimeMillis()));
				String path = List.of("/secret", "/sessions", "/").get((int) (at % 3));
				for (Map.Entry<String, String> app : apps.entrySet()) {
					direct.add(direct(app.getKey(), app.getValue(), path, session, Expect.ENDED, ended));
				}
				request(this.bare, path, session, "SESSION=" + session, Expect.ENDED, ended, false);
			}
			CompletableFuture.allOf(direct.toArray(CompletableFuture[]::new)).join();
		}

		// One request of an instance, with this session's cookie alone, not waiting for
		// the answer: a stopped instance holds it until the timeout.
		CompletableFuture<Void> direct(String instance, String app, String path, String session, Expect expect,
				long endedAt) {
			long sent = System.currentTimeMillis();
			HttpRequest request = HttpRequest.newBuilder(URI.create(app + path))
				.header("Accept", "text/html")
				.header("Cookie", "SESSION=" + session)
				.timeout(DIRECT_TIMEOUT)
				.build();
			return this.bare.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				.handle((response, failure) -> {
					answers.add((response != null)
							? answer(instance, path, session, sent, response, expect, endedAt, false)
							: new Answer(this.n, session, instance, path, sent, System.currentTimeMillis(), -1, "",
									false, Set.of(), expect, endedAt, false, failure.toString(), instance));
					return null;
				});
		}

		Answer answer(String instance, String path, String session, long sent, HttpResponse<String> response,
				Expect expect, long endedAt, boolean retry) {
			long received = System.currentTimeMillis();
			Set<Integer> seen = people(response.body());
			boolean signedIn = response.statusCode() == 200 && response.body().contains(this.name + "<")
					&& response.body().contains("action=\"/logout\"");
			seen.remove(this.n);
			return new Answer(this.n, session, instance, path, sent, received, response.statusCode(),
					response.headers().firstValue("Location").orElse(""), signedIn, seen, expect, endedAt, retry,
					null, instance.equals(LB) ? served(response) : instance);
		}

		String csrfOf(String path) throws Exception {
			HttpResponse<String> page = get(lb + path);
			Matcher csrf = CSRF.matcher(page.body());
			if (page.statusCode() != 200 || !csrf.find()) {
				throw new IllegalStateException(path + " answered " + page.statusCode() + " with no sign-out form");
			}
			return csrf.group(1);
		}

		Answer request(HttpClient client, String path, String session, String cookie, Expect expect, long endedAt,
				boolean retry) {
			long sent = System.currentTimeMillis();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(lb + path))
				.header("Accept", "text/html")
				.timeout(Duration.ofSeconds(15));
			if (cookie != null) {
				request.header("Cookie", cookie);
			}
			Answer answer;
			try {
				HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
				answer = answer(LB, path, session, sent, response, expect, endedAt, retry);
			}
			catch (IOException ex) {
				answer = new Answer(this.n, session, LB, path, sent, System.currentTimeMillis(), -1, "", false, Set.of(),
						expect, endedAt, retry, ex.toString(), "");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			answers.add(answer);
			return answer;
		}

		HttpResponse<String> get(String url) throws Exception {
			return send(HttpRequest.newBuilder(URI.create(url)).GET());
		}

		HttpResponse<String> post(String url, String form, String cookie) throws Exception {
			return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
		}

		// Pages of the app outside request() are judged too: nobody else's name, no 5xx but
		// a quick 503.
		HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
			long sent = System.currentTimeMillis();
			HttpResponse<String> response = this.http.send(
					request.header("Accept", "text/html").timeout(Duration.ofSeconds(15)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.request().uri().toString().startsWith(lb)) {
				Set<Integer> seen = people(response.body());
				seen.remove(this.n);
				answers.add(new Answer(this.n, session(), LB, response.request().uri().getPath(), sent,
						System.currentTimeMillis(), response.statusCode(), "", false, seen, Expect.ANONYMOUS, 0, false,
						null, served(response)));
			}
			return response;
		}

		HttpResponse<String> untilNot503(Step step) throws Exception {
			long deadline = System.currentTimeMillis() + 60_000;
			HttpResponse<String> response = step.run();
			while (response.statusCode() == 503 && System.currentTimeMillis() < deadline) {
				sleep(1000);
				response = step.run();
			}
			return response;
		}

		static String location(HttpResponse<String> response, String expectedPrefix) {
			String location = response.headers().firstValue("Location").orElse("");
			String absolute = location.isEmpty() ? "" : response.request().uri().resolve(location).toString();
			if (response.statusCode() != 302 || (expectedPrefix != null && !absolute.startsWith(expectedPrefix))) {
				throw new IllegalStateException(response.request().uri().getPath() + " answered "
						+ response.statusCode() + " to '" + location + "', expected a redirect to " + expectedPrefix);
			}
			return absolute;
		}

	}

	interface Step {

		HttpResponse<String> run() throws Exception;

	}

	// nginx names the upstream(s) it tried, "127.0.0.1:20001, 127.0.0.1:20002": the last
	// one answered.
	static String served(HttpResponse<String> response) {
		String upstreams = response.headers().firstValue("X-Soak-Upstream").orElse("");
		String last = upstreams.substring(upstreams.lastIndexOf(',') + 1).strip();
		return apps.entrySet()
			.stream()
			.filter((app) -> !last.isEmpty() && app.getValue().endsWith("//" + last))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse("");
	}

	static Set<Integer> people(String body) {
		Set<Integer> seen = new TreeSet<>();
		Matcher matcher = PERSON.matcher(body);
		while (matcher.find()) {
			for (int group = 1; group <= 3; group++) {
				if (matcher.group(group) != null) {
					seen.add(Integer.parseInt(matcher.group(group)));
				}
			}
		}
		return seen;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	// ---------------------------------------------------------------- the checker

	record Window(long from, long to) {

		boolean covers(long at) {
			return at >= this.from && at <= this.to;
		}

	}

	static List<Window> windows(List<Fault> faults, String kind, String instance, long after, long end) {
		List<Window> windows = new ArrayList<>();
		Map<String, Long> open = new HashMap<>();
		for (Fault fault : faults) {
			if (!fault.kind().equals(kind) || (instance != null && !fault.instance().equals(instance))) {
				continue;
			}
			if (fault.begin()) {
				open.put(fault.instance(), fault.at());
			}
			else if (open.containsKey(fault.instance())) {
				windows.add(new Window(open.remove(fault.instance()), fault.at() + after));
			}
		}
		open.values().forEach((from) -> windows.add(new Window(from, end)));
		return windows;
	}

	// Whether the instance that served the answer (any instance, if nginx did not say) was
	// in one of its windows while the request was under way.
	static boolean overlaps(Map<String, List<Window>> windows, Answer answer) {
		return windows.entrySet()
			.stream()
			.filter((instance) -> answer.served().isEmpty() || instance.getKey().equals(answer.served()))
			.flatMap((instance) -> instance.getValue().stream())
			.anyMatch((window) -> window.from() <= answer.received() && window.to() >= answer.sent());
	}

	// When the outage the answer overlapped began (its send time if none did).
	static long outageBegan(List<Window> outages, Answer answer) {
		return outages.stream()
			.filter((window) -> window.from() <= answer.received() && window.to() >= answer.sent())
			.mapToLong(Window::from)
			.min()
			.orElse(answer.sent());
	}

	static boolean any(List<Window> windows, long at) {
		return windows.stream().anyMatch((window) -> window.covers(at));
	}

	static int check(List<Fault> faults, Set<String> instances, long started, long seconds, int people,
			String mutation, Path report) throws IOException {
		long end = System.currentTimeMillis();
		List<Window> databaseDown = windows(faults, "postgres-restart", null, DATABASE_RECOVERY_MS, end);
		Map<String, List<String>> violations = new LinkedHashMap<>();
		for (String kind : List.of("revocation", "someone else's data", "5xx, slow or unexplained 503",
				"signed out by a fault", "readiness")) {
			violations.put(kind, new ArrayList<>());
		}
		long worstRevocation = 0;
		long worstRevocationDuringOutage = 0;
		long revocationDuringOutage = 0;
		long replays = 0;
		long directReplays = 0;
		long retried = 0;
		long unavailable = 0;
		long dropped = 0;
		long droppedByFault = 0;
		Map<String, List<Window>> crashes = new HashMap<>();
		Map<String, List<Window>> pauses = new HashMap<>();
		for (String instance : instances) {
			List<Window> down = new ArrayList<>(windows(faults, "kill-9", instance, 0, end));
			down.addAll(windows(faults, "sigterm-restart", instance, 0, end));
			crashes.put(instance, down);
			pauses.put(instance, windows(faults, "sigstop", instance, 0, end));
		}
		long directUnanswered = 0;
		long worstUnavailable = 0;
		long worstUnavailableFromSend = 0;
		for (Answer answer : answers) {
			String where = answer.path() + (!answer.instance().equals(LB) ? " asked of " + answer.instance()
					: answer.served().isEmpty() ? "" : " served by " + answer.served())
					+ " sent at " + Instant.ofEpochMilli(answer.sent());
			if (!answer.others().isEmpty()) {
				violations.get("someone else's data")
					.add("p" + answer.person() + " saw person(s) " + answer.others() + " on " + where);
			}
			// nginx answers 502 for a request whose instance died under it, as a browser
			// would see a dropped connection; and an instance that was paused answers late.
			boolean crashed = overlaps(crashes, answer);
			boolean paused = overlaps(pauses, answer);
			if ((answer.status() == 502 || answer.status() == 504) && answer.instance().equals(LB) && crashed) {
				droppedByFault++;
			}
			else if (answer.status() >= 500 && answer.status() != 503) {
				violations.get("5xx, slow or unexplained 503").add(answer.status() + " on " + where);
			}
			if (answer.status() == 503) {
				unavailable++;
				// The app cannot know of an outage before it begins: a request under way
				// when the database went down is timed from that moment.
				long waited = answer.received() - Math.max(answer.sent(), outageBegan(databaseDown, answer));
				worstUnavailable = Math.max(worstUnavailable, waited);
				worstUnavailableFromSend = Math.max(worstUnavailableFromSend, answer.received() - answer.sent());
				if (waited > UNAVAILABLE_WITHIN_MS && !paused) {
					violations.get("5xx, slow or unexplained 503")
						.add("503 after " + (answer.received() - answer.sent()) + " ms (" + waited
								+ " ms after the database went down) on " + where);
				}
				if (!any(databaseDown, answer.sent()) && !any(databaseDown, answer.received())) {
					violations.get("5xx, slow or unexplained 503").add("503 with the database up on " + where);
				}
			}
			if (answer.status() == -1 && answer.instance().equals(LB)) {
				dropped++;
			}
			if (answer.status() == -1 && !answer.instance().equals(LB)) {
				directUnanswered++;
			}
			if (answer.retry()) {
				retried++;
			}
			// Signed out means the app answered without the person. No answer from the app
			// (nginx's 502 or 504 with every instance it tried down, judged by the 5xx rule)
			// and a 503 while the store is down say nothing of the session.
			if (answer.expect() == Expect.LIVE && answer.retry() && !answer.signedIn() && answer.status() != 503
					&& answer.status() != 502 && answer.status() != 504) {
				violations.get("signed out by a fault")
					.add("p" + answer.person() + " got " + answer.status() + " " + answer.location()
							+ " for a live session after a retry, " + where
							+ (answer.error() != null ? " (" + answer.error() + ")" : ""));
			}
			if (answer.expect() == Expect.ENDED) {
				replays++;
				if (!answer.instance().equals(LB)) {
					directReplays++;
				}
				if (answer.signedIn()) {
					long delay = answer.sent() - answer.endedAt();
					boolean outage = any(databaseDown, answer.endedAt()) || any(databaseDown, answer.sent());
					if (outage) {
						revocationDuringOutage++;
						worstRevocationDuringOutage = Math.max(worstRevocationDuringOutage, delay);
					}
					else {
						worstRevocation = Math.max(worstRevocation, delay);
						if (delay > REVOCATION_BOUND_MS) {
							violations.get("revocation")
								.add("p" + answer.person() + "'s session ended at "
										+ Instant.ofEpochMilli(answer.endedAt()) + " was served " + delay
										+ " ms later, " + where);
						}
					}
				}
			}
		}
		// Readiness against what each instance served, run by run.
		for (String instance : instances) {
			List<Sample> mine = samples.stream()
				.filter((sample) -> sample.instance().equals(instance))
				.sorted((a, b) -> Long.compare(a.at(), b.at()))
				.toList();
			long mismatchSince = -1;
			for (Sample sample : mine) {
				boolean mismatch = sample.ready() != sample.serves();
				if (mismatch && mismatchSince < 0) {
					mismatchSince = sample.at();
				}
				if (!mismatch) {
					mismatchSince = -1;
				}
				if (mismatch && sample.at() - mismatchSince > READINESS_TOLERANCE_MS) {
					violations.get("readiness")
						.add(instance + ": readiness " + (sample.ready() ? "UP" : "not UP") + " while it "
								+ (sample.serves() ? "served" : "could not serve") + " since "
								+ Instant.ofEpochMilli(mismatchSince));
					mismatchSince = sample.at();
				}
			}
		}

		Map<String, Integer> faultCounts = new LinkedHashMap<>();
		for (String kind : List.of("kill-9", "sigterm-restart", "postgres-restart", "listener-terminated",
				"sigstop")) {
			faultCounts.put(kind, (int) faults.stream().filter((f) -> f.kind().equals(kind) && f.begin()).count());
		}
		int total = violations.values().stream().mapToInt(List::size).sum();
		StringBuilder md = new StringBuilder();
		md.append("# Reliability\n\n");
		md.append("Written by `bench/soak.sh` on ")
			.append(Instant.ofEpochMilli(started).toString(), 0, 10)
			.append(" on this project's 2-core machine; do not edit by hand. Rerun: `bash bench/soak.sh` ")
			.append("(settings in its header).\n\n");
		md.append("Three instances of the jar (`postgres` profile) on one PostgreSQL behind nginx, the demo ")
			.append("provider, and ")
			.append(people)
			.append(" people with two browsers each, for ")
			.append(seconds)
			.append(" s")
			.append(mutation.equals("none") ? "" : ", **with the mutation `" + mutation + "`**")
			.append(". Faults at random times; every answer is checked (see the header of `bench/soak.sh`).\n\n");
		md.append("| | |\n|---|---|\n");
		md.append("| requests | ").append(answers.size()).append(" |\n");
		md.append("| sign-ins | ").append(signIns.get()).append(" |\n");
		for (Map.Entry<String, AtomicLong> ending : endings.entrySet()) {
			md.append("| sessions ended by ").append(ending.getKey()).append(" | ").append(ending.getValue().get())
				.append(" |\n");
		}
		md.append("| replays of ended sessions' cookies (of which asked of an instance directly) | ")
			.append(replays)
			.append(" (")
			.append(directReplays)
			.append(") |\n");
		md.append("| 503 answers (database down) | ").append(unavailable).append(" |\n");
		md.append("| slowest 503, from the later of its sending and the database going down (from its sending) | ")
			.append(worstUnavailable)
			.append(" ms (")
			.append(worstUnavailableFromSend)
			.append(" ms), bound ")
			.append(UNAVAILABLE_WITHIN_MS)
			.append(" ms |\n");
		md.append("| 502 from nginx for a request whose instance was killed or restarted under it | ")
			.append(droppedByFault)
			.append(" |\n");
		md.append("| retries after an error answer | ").append(retried).append(" |\n");
		md.append("| dropped connections | ").append(dropped).append(" |\n");
		md.append("| requests of an instance directly that it did not answer (down or stopped) | ")
			.append(directUnanswered)
			.append(" |\n");
		// A cache that is seldom trusted is seldom read: the revocation check then says
		// little about invalidation (and the mutation check finds nothing).
		for (String instance : instances) {
			List<Trust> mine = trust.stream()
				.filter((sample) -> sample.instance().equals(instance) && sample.trusted() != null)
				.toList();
			long trusted = mine.stream().filter(Trust::trusted).count();
			md.append("| session cache of ")
				.append(instance)
				.append(" in use (samples while it answered) | ")
				.append(mine.isEmpty() ? 0 : Math.round(100.0 * trusted / mine.size()))
				.append(" % of ")
				.append(mine.size())
				.append(" |\n");
		}
		for (Map.Entry<String, Integer> fault : faultCounts.entrySet()) {
			md.append("| faults: ").append(fault.getKey()).append(" | ").append(fault.getValue()).append(" |\n");
		}
		md.append("| worst revocation delay (answer sent after the session ended) | ")
			.append(worstRevocation)
			.append(" ms (bound ")
			.append(REVOCATION_BOUND_MS)
			.append(" ms) |\n");
		md.append("| ended sessions served while the database was down or recovering (not violations) | ")
			.append(revocationDuringOutage)
			.append(", worst ")
			.append(worstRevocationDuringOutage)
			.append(" ms |\n\n");
		md.append("| Violations | count |\n|---|---|\n");
		for (Map.Entry<String, List<String>> kind : violations.entrySet()) {
			md.append("| ").append(kind.getKey()).append(" | ").append(kind.getValue().size()).append(" |\n");
		}
		md.append("| **total** | **").append(total).append("** |\n");
		for (Map.Entry<String, List<String>> kind : violations.entrySet()) {
			if (!kind.getValue().isEmpty()) {
				md.append("\nFirst ").append(kind.getKey()).append(" violations:\n\n");
				kind.getValue().stream().limit(5).forEach((line) -> md.append("- ").append(line).append('\n'));
			}
		}
		Files.writeString(report, md.toString());
		System.out.print(md);
		notes.stream().limit(10).forEach((note) -> System.err.println("note: " + note));
		return total;
	}

}
