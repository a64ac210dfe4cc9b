import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * The bytes a running JVM has allocated, from its own per-thread counters: attaches to the
 * process, starts its local JMX agent and, for each line read from standard input, prints
 * the sum of {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} over its live
 * threads. One connection serves every reading, so the probe's own cost in the app (a few
 * kilobytes per reading) is paid once per reading, not per connection. Threads that end
 * between two readings take their bytes with them: measure with a fixed set of worker
 * threads (wrk's connections keep Tomcat's threads busy, and alive).
 * {@code java bench/AllocProbe.java <pid>}
 */
public class AllocProbe {

	public static void main(String[] args) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		String address = vm.startLocalManagementAgent();
		vm.detach();
		try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
			MBeanServerConnection connection = connector.getMBeanServerConnection();
			com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
					ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
			while (in.readLine() != null) {
				long total = 0;
				for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
					total += Math.max(allocated, 0);
				}
				System.out.println(total);
			}
		}
	}

}
