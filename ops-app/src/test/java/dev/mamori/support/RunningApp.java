package dev.mamori.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The {@link AppFixture} as a running process (HealthApp.java) serving {@code /health} on a local
 * port, started and stopped by shell scripts declared as Mamori commands, as systemd would.
 */
public final class RunningApp {

	public final AppFixture files;

	public final int port;

	public final Path pidFile;

	private final Path start;

	private final Path stop;

	private final Path source;

	private final Path log;

	private RunningApp(AppFixture files, int port) throws IOException {
		this.files = files;
		this.port = port;
		Path dir = Files.createDirectories(files.root.resolve("service"));
		this.pidFile = dir.resolve("app.pid");
		this.log = dir.resolve("app.log");
		this.start = copy("start.sh", dir);
		this.stop = copy("stop.sh", dir);
		this.source = copy("HealthApp.java", dir);
	}

	public static RunningApp create(Path root, int rows) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return new RunningApp(AppFixture.create(root, rows), port);
	}

	/**
	 * Declares the app with its service commands and health URL.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param id the app id
	 */
	public void register(DynamicPropertyRegistry registry, String id) {
		this.files.register(registry, id, null);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String[] startArgv = { "bash", this.start.toString(), java, System.getProperty("java.class.path"),
				this.source.toString(), Integer.toString(this.port), this.files.database.toString(),
				this.files.uploads.toString(), this.files.env.toString(), this.pidFile.toString(), this.log.toString() };
		for (int i = 0; i < startArgv.length; i++) {
			String value = startArgv[i];
			registry.add("mamori.commands." + id + "-start.argv[" + i + "]", () -> value);
		}
		registry.add("mamori.commands." + id + "-start.timeout", () -> "30s");
		registry.add("mamori.commands." + id + "-stop.argv[0]", () -> "bash");
		registry.add("mamori.commands." + id + "-stop.argv[1]", this.stop::toString);
		registry.add("mamori.commands." + id + "-stop.argv[2]", this.pidFile::toString);
		registry.add("mamori.apps." + id + ".service.start", () -> id + "-start");
		registry.add("mamori.apps." + id + ".service.stop", () -> id + "-stop");
		registry.add("mamori.apps." + id + ".health-url", () -> "http://127.0.0.1:" + this.port + "/health");
	}

	/** Starts the app with the same script Mamori uses, and waits until it is healthy. */
	public void startAndWait() {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Shell.Result result = Shell.run(this.files.root, "bash", this.start.toString(), java,
				System.getProperty("java.class.path"), this.source.toString(), Integer.toString(this.port),
				this.files.database.toString(), this.files.uploads.toString(), this.files.env.toString(),
				this.pidFile.toString(), this.log.toString());
		if (result.exit() != 0) {
			throw new IllegalStateException("fixture app did not start: " + result.output());
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (health() != 200) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("fixture app not healthy: " + lastLog());
			}
			sleep();
		}
	}

	public void stop() {
		Shell.run(this.files.root, "bash", this.stop.toString(), this.pidFile.toString());
	}

	/**
	 * @return the process id now serving, or -1 when none
	 */
	public long pid() {
		try {
			return Files.exists(this.pidFile) ? Long.parseLong(Files.readString(this.pidFile).strip()) : -1;
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * @return the HTTP status of {@code /health}, or -1 when nothing answers
	 */
	public int health() {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private String lastLog() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "(no log)";
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
	}

	private static Path copy(String resource, Path dir) throws IOException {
		try (InputStream in = RunningApp.class.getResourceAsStream("/fixture/" + resource)) {
			Path target = dir.resolve(resource);
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
