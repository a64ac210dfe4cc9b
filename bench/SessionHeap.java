import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * How much heap one cached session takes: decodes a stored security context (JSON, as in
 * the session table) many times with the app's own session mapper and divides the growth
 * of the live heap. Run by bench/run.sh with the app's classpath; prints bytes.
 */
public class SessionHeap {

	public static void main(String[] args) throws Exception {
		Method sessionMapper = Class.forName("dev.simplelogin.session.store.SessionStoreConfiguration")
			.getDeclaredMethod("sessionMapper");
		sessionMapper.setAccessible(true);
		JsonMapper mapper = (JsonMapper) sessionMapper.invoke(null);
		byte[] json = Files.readAllBytes(Path.of(args[0]));
		int copies = Integer.parseInt(args[1]);
		for (int i = 0; i < 100; i++) {
			mapper.readValue(json, Object.class);
		}
		List<Object> kept = new ArrayList<>();
		long before = liveHeap();
		for (int i = 0; i < copies; i++) {
			kept.add(mapper.readValue(json, Object.class));
		}
		long after = liveHeap();
		System.out.println((after - before) / kept.size());
	}

	private static long liveHeap() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
