import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.AttributeNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;

/**
 * The bytes a running JVM has allocated on its heap, from the JVM's own per-thread counters
 * ({@code com.sun.management.ThreadMXBean}), read through the attach API and JMX so that the
 * app runs with no agent or flag of the benchmark's. These counters are exact for the
 * threads they cover and do not depend on the machine's speed, unlike requests/s.
 *
 * <p>On JDK 21 and later the JVM keeps a total that includes threads that have ended. On
 * JDK 17 it is summed over live threads: the reader keeps each thread's last count and polls
 * every 200 ms, so a thread that ends loses at most what it allocated since the last poll.
 * Tomcat's request threads live for minutes, so the loss is small; each poll itself allocates
 * a few kilobytes in the app (JMX over RMI), against hundreds of megabytes per second under
 * load.
 *
 * <p>Run as a small server: {@code java AllocatedBytes <port>}; a client connects, writes a
 * process id per line and reads back that process's cumulative allocated bytes (it attaches
 * on the first question about a process). bench/measure.sh asks it from bash through
 * {@code /dev/tcp}. Other benchmark programs use {@link #attach(long)} directly.
 */
public final class AllocatedBytes {

	private static final long POLL_MILLIS = 200;

	private final MBeanServerConnection connection;

	private final ThreadMXBean threads;

	private final ObjectName threadName;

	private final Map<Long, Long> lastSeen = new HashMap<>();

	private boolean exactTotal = true;

	private long ended;

	private AllocatedBytes(MBeanServerConnection connection) throws Exception {
		this.connection = connection;
		this.threadName = new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME);
		this.threads = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.THREAD_MXBEAN_NAME,
				ThreadMXBean.class);
	}

	/**
	 * Attaches to a JVM of the same user and starts polling it.
	 * @param pid the JVM's process id
	 * @return a reader of its allocated bytes
	 * @throws Exception if the JVM cannot be attached to
	 */
	public static AllocatedBytes attach(long pid) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
		String address;
		try {
			address = vm.startLocalManagementAgent();
		}
		finally {
			vm.detach();
		}
		AllocatedBytes reader = new AllocatedBytes(
				JMXConnectorFactory.connect(new JMXServiceURL(address)).getMBeanServerConnection());
		reader.total();
		Thread poller = new Thread(() -> {
			try {
				while (true) {
					Thread.sleep(POLL_MILLIS);
					reader.total();
				}
			}
			catch (Exception ex) {
				// The JVM under measurement stopped: nothing more to count.
			}
		}, "allocated-bytes-" + pid);
		poller.setDaemon(true);
		poller.start();
		return reader;
	}

	/**
	 * The bytes allocated by the JVM so far (since it started, or since the first reading on
	 * JDK 17 for threads that ended before it).
	 * @return cumulative allocated bytes
	 * @throws Exception if the JVM cannot be read
	 */
	public synchronized long total() throws Exception {
		if (this.exactTotal) {
			try {
				return (Long) this.connection.getAttribute(this.threadName, "TotalThreadAllocatedBytes");
			}
			catch (AttributeNotFoundException ex) {
				this.exactTotal = false;
			}
		}
		long[] ids = this.threads.getAllThreadIds();
		long[] bytes = this.threads.getThreadAllocatedBytes(ids);
		Map<Long, Long> now = new HashMap<>();
		long live = 0;
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				now.put(ids[i], bytes[i]);
				live += bytes[i];
			}
		}
		for (Map.Entry<Long, Long> seen : this.lastSeen.entrySet()) {
			if (!now.containsKey(seen.getKey())) {
				this.ended += seen.getValue();
			}
		}
		this.lastSeen.clear();
		this.lastSeen.putAll(now);
		return this.ended + live;
	}

	public static void main(String[] args) throws Exception {
		Map<Long, AllocatedBytes> readers = new ConcurrentHashMap<>();
		try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 16, InetAddress.getLoopbackAddress())) {
			while (true) {
				Socket client = server.accept();
				Thread thread = new Thread(() -> answer(client, readers));
				thread.setDaemon(true);
				thread.start();
			}
		}
	}

	private static void answer(Socket client, Map<Long, AllocatedBytes> readers) {
		try (client;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
			String line;
			while ((line = in.readLine()) != null) {
				long pid = Long.parseLong(line.strip());
				try {
					AllocatedBytes reader = readers.get(pid);
					if (reader == null) {
						reader = attach(pid);
						readers.put(pid, reader);
					}
					out.println(reader.total());
				}
				catch (Exception ex) {
					readers.remove(pid);
					out.println("-");
				}
			}
		}
		catch (Exception ex) {
			// The client went away.
		}
	}

}
