package dev.mamori.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Debian OpenSSH server, started by a test on a loopback port with a generated ECDSA host key and
 * user key; its configuration lives in a temporary directory ({@code sshd -D -e -f config}), so it
 * works for a normal user (who can then log in as themselves only) and as root. Uploads land in
 * {@link #root()}. It can be killed with every session it forked, and started again on the same port.
 */
public final class SftpServer implements AutoCloseable {

	private final Path dir;

	private final int port;

	private Process process;

	private SftpServer(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	/**
	 * @param dir an empty directory for keys, configuration, log and the uploaded files
	 * @return the running server
	 */
	public static SftpServer start(Path dir) throws IOException, InterruptedException {
		Files.createDirectories(dir.resolve("files"));
		keygen(dir.resolve("host_key"));
		keygen(dir.resolve("user_key"));
		Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Files.writeString(dir.resolve("sshd_config"), String.join("\n", List.of("Port " + port,
				"ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"), "PidFile " + dir.resolve("sshd.pid"),
				"AuthorizedKeysFile " + dir.resolve("authorized_keys"), "StrictModes no", "PasswordAuthentication no",
				"KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "PermitRootLogin prohibit-password",
				"UsePAM no", "Subsystem sftp internal-sftp", "LogLevel INFO", "")));
		if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(Path.of("/run/sshd"))) {
			// sshd's privilege separation directory, normally made by the package's service unit.
			Files.createDirectories(Path.of("/run/sshd"));
		}
		SftpServer server = new SftpServer(dir, port);
		server.startAgain();
		return server;
	}

	private static void keygen(Path key) throws IOException, InterruptedException {
		Shell.Result result = Shell.run(key.getParent(), "ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
				key.toString());
		if (result.exit() != 0) {
			throw new IOException("ssh-keygen failed: " + result.output());
		}
	}

	/**
	 * Starts the server again (after {@link #kill()}) on the same port and waits until it accepts.
	 */
	public void startAgain() throws IOException, InterruptedException {
		this.process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", this.dir.resolve("sshd_config").toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("sshd.log").toFile()))
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					throw new IOException("sshd did not start: " + Files.readString(this.dir.resolve("sshd.log")), ex);
				}
				Thread.sleep(50);
			}
		}
	}

	/**
	 * Kills the server and every session it forked, as a crash or a pulled cable would end them.
	 */
	public void kill() throws InterruptedException {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		this.process.waitFor();
		for (ProcessHandle child : this.process.descendants().toList()) {
			child.onExit().join();
		}
	}

	public int port() {
		return this.port;
	}

	/**
	 * @return the login: the user running the test
	 */
	public String user() {
		return System.getProperty("user.name");
	}

	/**
	 * @return the directory uploads go to (the target's {@code path})
	 */
	public Path root() {
		return this.dir.resolve("files");
	}

	/**
	 * @return the user's private key file
	 */
	public Path userKey() {
		return this.dir.resolve("user_key");
	}

	/**
	 * @return the host key's SHA256 fingerprint as {@code ssh-keygen -lf} prints it
	 */
	public String fingerprint() throws IOException, InterruptedException {
		return Shell.run(this.dir, "ssh-keygen", "-lf", this.dir.resolve("host_key.pub").toString()).output().split("\\s+")[1];
	}

	/**
	 * Replaces the host key (as a reinstalled or impersonating server would show another one); takes
	 * effect at the next start.
	 */
	public void newHostKey() throws IOException, InterruptedException {
		Files.delete(this.dir.resolve("host_key"));
		Files.delete(this.dir.resolve("host_key.pub"));
		keygen(this.dir.resolve("host_key"));
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

}
