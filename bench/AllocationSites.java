import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording says the bytes were allocated: its {@code jdk.ObjectAllocationSample}
 * events, each weighted by the bytes its thread allocated since the one before, summed three
 * ways: by the part of the stack (Tomcat, Spring Security, Thymeleaf, ...) whose code asked
 * for the memory, by that first frame above the JDK's own classes, and by the allocating
 * method itself. Prints Markdown tables of the top sites with their share of all bytes, and
 * the KB per request that share stands for when given the measured KB per request.
 *
 * <p>{@code java AllocationSites <title> <recording.jfr> <KB per request or -> <rows>}
 */
public final class AllocationSites {

	private static final List<String[]> PARTS = List.of(new String[] { "dev.simplelogin.", "the app" },
			new String[] { "org.springframework.security.", "Spring Security" },
			new String[] { "org.springframework.session.", "Spring Session" },
			new String[] { "org.thymeleaf.", "Thymeleaf" },
			new String[] { "org.springframework.web.", "Spring MVC" },
			new String[] { "org.springframework.http.", "Spring MVC" },
			new String[] { "org.springframework.boot.", "Spring Boot" },
			new String[] { "io.micrometer.", "Micrometer" }, new String[] { "org.apache.", "Tomcat" },
			new String[] { "tools.jackson.", "Jackson" }, new String[] { "com.fasterxml.", "Jackson" },
			new String[] { "org.h2.", "H2" }, new String[] { "org.postgresql.", "PostgreSQL JDBC" },
			new String[] { "com.zaxxer.", "HikariCP" }, new String[] { "ch.qos.logback.", "Logback" },
			new String[] { "org.springframework.", "Spring Framework, other" });

	public static void main(String[] args) throws Exception {
		String title = args[0];
		Path recording = Path.of(args[1]);
		double kbPerRequest = args[2].equals("-") ? Double.NaN : Double.parseDouble(args[2]);
		int rows = Integer.parseInt(args[3]);
		Map<String, Long> byPart = new HashMap<>();
		Map<String, Long> byCaller = new HashMap<>();
		Map<String, Long> byMethod = new HashMap<>();
		long total = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
				continue;
			}
			long weight = event.getLong("weight");
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			total += weight;
			List<RecordedFrame> frames = stack.getFrames();
			byMethod.merge(name(frames.get(0)), weight, Long::sum);
			RecordedFrame caller = frames.stream()
				.filter((frame) -> !jdk(frame))
				.findFirst()
				.orElse(frames.get(0));
			byCaller.merge(name(caller), weight, Long::sum);
			byPart.merge(part(frames), weight, Long::sum);
		}
		System.out.println("#### " + title);
		System.out.println();
		table("part of the stack that allocates (its first frame above the JDK)", byPart, total, kbPerRequest, rows);
		table("first frame above the JDK's own classes", byCaller, total, kbPerRequest, rows);
		table("allocating method", byMethod, total, kbPerRequest, rows);
	}

	private static void table(String heading, Map<String, Long> sites, long total, double kbPerRequest, int rows) {
		System.out.println("| " + heading + " | share | KB/request |");
		System.out.println("|---|---:|---:|");
		sites.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(rows)
			.forEach((site) -> {
				double share = (double) site.getValue() / total;
				System.out.printf("| `%s` | %.1f %% | %s |%n", site.getKey(), share * 100,
						Double.isNaN(kbPerRequest) ? "-" : String.format("%.1f", share * kbPerRequest));
			});
		System.out.println();
	}

	private static String part(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			if (jdk(frame)) {
				continue;
			}
			String type = frame.getMethod().getType().getName();
			for (String[] part : PARTS) {
				if (type.startsWith(part[0])) {
					return part[1];
				}
			}
			return "other libraries";
		}
		return "the JDK alone";
	}

	private static boolean jdk(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
				|| type.startsWith("com.sun.");
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

}
