import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed piece of work that has nothing to do with the app: the same on every run, on one
 * thread, CPU- and allocation-bound in the way a web request is (short strings, hash maps,
 * small arrays, a hash function, sorting). The benchmark times it next to its results, so a
 * reader can tell a slow machine from a slow app: if this takes twice as long as in another
 * run, the app's figures of that run may be half as good for no fault of the app.
 *
 * <p>Runs one untimed round for the JIT, then {@code rounds} timed ones, and prints the
 * median milliseconds per round. Run with fixed flags, e.g.
 * {@code java -Xmx256m -Xms256m -XX:+UseSerialGC bench/Calibrate.java 5}.
 */
public final class Calibrate {

	private static final int ITEMS = 400_000;

	private static long sink;

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		round();
		long[] millis = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			long started = System.nanoTime();
			round();
			millis[i] = (System.nanoTime() - started) / 1_000_000;
		}
		Arrays.sort(millis);
		System.out.println(millis[rounds / 2]);
		if (sink == 42) {
			System.out.println("");
		}
	}

	private static void round() throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		Map<String, List<String>> groups = new HashMap<>();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < ITEMS; i++) {
			String key = "user-" + (i % 5_000);
			String value = "session-" + Integer.toHexString(i * 31 + 7) + "-" + i;
			groups.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
			if (i % 16 == 0) {
				sink += sha256.digest(value.getBytes(StandardCharsets.UTF_8))[0];
			}
			text.setLength(0);
			text.append("<li>").append(key).append(" &middot; ").append(value).append("</li>");
			sink += text.toString().hashCode();
		}
		for (List<String> values : groups.values()) {
			values.sort(null);
			sink += values.get(values.size() / 2).length();
		}
	}

}
