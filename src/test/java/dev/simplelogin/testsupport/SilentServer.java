package dev.simplelogin.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A provider that stops answering: it listens on 127.0.0.1, so connections succeed (the
 * kernel queues them), but it never reads a request nor writes a byte.
 */
public final class SilentServer implements AutoCloseable {

	private final ServerSocket socket;

	public SilentServer() {
		try {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	/**
	 * A URL on 127.0.0.1 where nothing listens, so connections are refused.
	 * @return the URL
	 */
	public static String refusingUrl() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
