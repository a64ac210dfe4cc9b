package dev.simplelogin.testsupport;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

/**
 * A provider's image host on 127.0.0.1: serves one 32×32 PNG, a profile picture, at every
 * path, and counts the requests for it.
 */
public final class PictureServer implements AutoCloseable {

	public static final int SIZE = 32;

	private static final byte[] PICTURE = picture();

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	public PictureServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "image/png");
			exchange.sendResponseHeaders(200, PICTURE.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(PICTURE);
			}
		});
		this.server.start();
	}

	/**
	 * Scheme, host and port, as {@code simplelogin.providers.<id>.picture-hosts} takes
	 * them.
	 */
	public String origin() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String url(String path) {
		return origin() + path;
	}

	public int requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static byte[] picture() {
		BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < SIZE; x++) {
			for (int y = 0; y < SIZE; y++) {
				image.setRGB(x, y, new Color(26, 86, 219).getRGB());
			}
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

}
