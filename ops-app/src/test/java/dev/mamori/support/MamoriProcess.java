package dev.mamori.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mamori.MamoriApplication;

/**
 * A real Mamori server in a child JVM, on the test's class path, configured by a YAML file, with
 * its output in a log file whose tail goes into assertion messages. Made to be killed with
 * SIGKILL ({@link #kill()}) and started again on the same data directory.
 */
public final class MamoriProcess implements AutoCloseable {

	/** The password of {@code admin} in the YAML of {@link #yaml}. */
	public static final String ADMIN_PASSWORD = "admin-password-1";

	private final Process process;

	private final Path log;

	private final int port;

	private MamoriProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts a server.
	 * @param dir the working directory (also where the log goes)
	 * @param config the YAML
	 * @param pauseAt the restore fault-injection point ({@code dev.mamori.restore.pause-at}), or {@code null}
	 * @return the process, not ready yet (see {@link #awaitReady})
	 */
	public static MamoriProcess start(Path dir, Path config, String pauseAt) throws IOException {
		return start(dir, config, pauseAt, Map.of());
	}

	/**
	 * Starts a server with more environment variables.
	 * @param dir the working directory (also where the log goes)
	 * @param config the YAML
	 * @param pauseAt the restore fault-injection point, or {@code null}
	 * @param environment added to the server's environment
	 * @return the process, not ready yet (see {@link #awaitReady})
	 */
	public static MamoriProcess start(Path dir, Path config, String pauseAt, Map<String, String> environment)
			throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
		if (pauseAt != null) {
			command.add("-Ddev.mamori.restore.pause-at=" + pauseAt);
		}
		command.addAll(List.of(MamoriApplication.class.getName(), "--server.port=" + port,
				"--spring.config.additional-location=file:" + config));
		Path log = dir.resolve("mamori-" + System.nanoTime() + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		return new MamoriProcess(process, log, port);
	}

	/**
	 * Waits until {@code /actuator/health/readiness} answers 200 (after the startup recovery, which
	 * runs before the server accepts traffic).
	 * @param timeout how long at most
	 * @return this
	 */
	public MamoriProcess awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Http http = Http.on(this.port);
		while (true) {
			if (!this.process.isAlive()) {
				throw new AssertionError("Mamori exited with " + this.process.exitValue() + " before it was ready:\n" + tail());
			}
			try {
				if (http.get("/actuator/health/readiness", null).status() == 200) {
					return this;
				}
			}
			catch (IllegalStateException ex) {
				// Not listening yet.
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Mamori not ready after " + timeout + ":\n" + tail());
			}
			sleep(200);
		}
	}

	/**
	 * SIGKILL, as {@code kill -9}.
	 * @return the exit value (137)
	 */
	public int kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("Mamori did not die of SIGKILL");
		}
		return this.process.exitValue();
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public int port() {
		return this.port;
	}

	public Http http() {
		return Http.on(this.port);
	}

	public Http.Auth admin() {
		return Http.Auth.basic("admin", ADMIN_PASSWORD);
	}

	/**
	 * @return the last 80 lines of the log
	 */
	public String tail() {
		return tail(80);
	}

	public String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return "--- " + this.log + " (last " + Math.min(lines, all.size()) + " lines) ---\n"
					+ String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * The YAML declaring a {@link RunningApp} as app {@code id}: the same values as
	 * {@link RunningApp#register} and {@link AppFixture#register}, plus the data directory, the
	 * admin password, no schedules, and {@code extra} lines under {@code mamori:} (such as
	 * {@code restore.health-attempts: 2}).
	 * @param app the running app
	 * @param id the app id
	 * @param dataDir Mamori's data directory
	 * @param extra dotted keys below {@code mamori.} and their values
	 * @return the YAML text
	 */
	public static String yaml(RunningApp app, String id, Path dataDir, Map<String, String> extra) {
		Path service = app.pidFile.getParent();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> start = List.of("bash", service.resolve("start.sh").toString(), java,
				System.getProperty("java.class.path"), service.resolve("HealthApp.java").toString(),
				Integer.toString(app.port), app.files.database.toString(), app.files.uploads.toString(),
				app.files.env.toString(), app.pidFile.toString(), service.resolve("app.log").toString());
		List<String> stop = List.of("bash", service.resolve("stop.sh").toString(), app.pidFile.toString());
		StringBuilder yaml = new StringBuilder();
		yaml.append("mamori:\n");
		yaml.append("  data-dir: ").append(q(dataDir.toString())).append('\n');
		yaml.append("  admin-password: ").append(q(ADMIN_PASSWORD)).append('\n');
		yaml.append("  scheduling:\n    enabled: false\n");
		extra.forEach((key, value) -> yaml.append("  ").append(q(key)).append(": ").append(q(value)).append('\n'));
		yaml.append("  commands:\n");
		yaml.append("    ").append(id).append("-start:\n      argv: ").append(list(start)).append("\n      timeout: 30s\n");
		yaml.append("    ").append(id).append("-stop:\n      argv: ").append(list(stop)).append('\n');
		yaml.append("  apps:\n");
		yaml.append("    ").append(id).append(":\n");
		yaml.append("      name: ").append(q("Test app " + id)).append('\n');
		yaml.append("      sources:\n");
		yaml.append("        - { id: db, type: sqlite, path: ").append(q(app.files.database.toString())).append(" }\n");
		yaml.append("        - { id: uploads, type: directory, path: ").append(q(app.files.uploads.toString()))
			.append(", exclude: [\"*.tmp\"] }\n");
		yaml.append("        - { id: env, type: file, path: ").append(q(app.files.env.toString())).append(" }\n");
		yaml.append("      backup:\n");
		yaml.append("        destination: ").append(q(app.files.destination.toString())).append('\n');
		yaml.append("        destination-marker: ").append(q(AppFixture.MARKER)).append('\n');
		yaml.append("      service:\n        start: ").append(id).append("-start\n        stop: ").append(id).append("-stop\n");
		yaml.append("      health-url: ").append(q("http://127.0.0.1:" + app.port + "/health")).append('\n');
		return yaml.toString();
	}

	private static String list(List<String> values) {
		return "[" + String.join(", ", values.stream().map(MamoriProcess::q).toList()) + "]";
	}

	private static String q(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
