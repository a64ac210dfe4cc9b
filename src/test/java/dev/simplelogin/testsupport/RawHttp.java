package dev.simplelogin.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HTTP/1.1 written byte by byte on a socket: for requests no client library would send
 * (un-normalised paths, non-UTF-8 bytes, broken or huge headers). One request per
 * connection.
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends a request and reads the whole answer.
	 * @param request the request bytes, head and body
	 * @return the response
	 */
	public Response send(byte[] request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			socket.shutdownOutput();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends a GET with the given header lines, and {@code Host: 127.0.0.1:port} unless
	 * they name a host of their own.
	 * @param target the request target
	 * @param headerLines header lines such as {@code Accept: text/html}
	 * @return the answer
	 */
	public Response get(String target, String... headerLines) {
		StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
		if (Arrays.stream(headerLines).noneMatch((line) -> line.regionMatches(true, 0, "Host:", 0, 5))) {
			head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		}
		for (String line : headerLines) {
			head.append(line).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		return send(head.toString().getBytes(StandardCharsets.ISO_8859_1));
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		in.transferTo(bytes);
		return bytes.toByteArray();
	}

	/**
	 * What came back.
	 *
	 * @param status the status code, or 0 when the server closed without answering
	 * @param head the status line and headers
	 * @param body the body as text
	 */
	public record Response(int status, String head, String body) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String head = (end < 0) ? text : text.substring(0, end);
			String body = (end < 0) ? "" : text.substring(end + 4);
			int status = 0;
			if (head.startsWith("HTTP/1.1 ") && head.length() >= 12) {
				status = Integer.parseInt(head.substring(9, 12));
			}
			return new Response(status, head, body);
		}

		public String header(String name) {
			List<String> values = headers(name);
			return values.isEmpty() ? null : values.get(0);
		}

		public List<String> headers(String name) {
			List<String> values = new ArrayList<>();
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					values.add(line.substring(colon + 1).trim());
				}
			}
			return values;
		}

	}

}
