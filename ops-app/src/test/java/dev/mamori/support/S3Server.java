package dev.mamori.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real S3 API server: S3Proxy with its filesystem backend, run as a child JVM from the jar the build
 * copies to {@code target/s3proxy/s3proxy.jar} (its Jetty would clash with the application's
 * classpath in process). Objects land as files under {@link #bucketDirectory()}, so tests can read
 * the raw bytes.
 */
public final class S3Server implements AutoCloseable {

	public static final String ACCESS_KEY = "mamori-test-access";

	public static final String SECRET_KEY = "mamori-test-secret-0123456789";

	public static final String BUCKET = "offsite";

	private final Path dir;

	private final int port;

	private final Process process;

	private S3Server(Path dir, int port, Process process) {
		this.dir = dir;
		this.port = port;
		this.process = process;
	}

	/**
	 * @param dir an empty directory for the objects and the log
	 * @return the running server, with bucket {@link #BUCKET}
	 */
	public static S3Server start(Path dir) throws IOException, InterruptedException {
		Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IOException(jar + " is missing: the build copies it (maven-dependency-plugin, generate-test-resources)");
		}
		Files.createDirectories(dir.resolve("data").resolve(BUCKET));
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Path properties = Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
				"s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
				"s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY, "jclouds.provider=filesystem",
				"jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--properties",
				properties.toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("s3proxy.log").toFile())
			.start();
		S3Server server = new S3Server(dir, port, process);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				http.send(HttpRequest.newBuilder(URI.create(server.endpoint())).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding());
				return server;
			}
			catch (IOException ex) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IOException("S3Proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")), ex);
				}
				Thread.sleep(200);
			}
		}
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Declares this server as an S3 target (path-style, prefix {@code mamori/}), its credentials in
	 * system properties named like the environment variables the configuration names (a system property
	 * of the same name serves in tests).
	 * @param registry the test's properties
	 * @param id the target id
	 * @param accessEnv the variable holding the access key
	 * @param secretEnv the variable holding the secret key
	 */
	public void registerTarget(org.springframework.test.context.DynamicPropertyRegistry registry, String id,
			String accessEnv, String secretEnv) {
		System.setProperty(accessEnv, ACCESS_KEY);
		System.setProperty(secretEnv, SECRET_KEY);
		String key = "mamori.targets." + id;
		registry.add(key + ".type", () -> "s3");
		registry.add(key + ".endpoint", this::endpoint);
		registry.add(key + ".bucket", () -> BUCKET);
		registry.add(key + ".prefix", () -> "mamori/");
		registry.add(key + ".path-style", () -> "true");
		registry.add(key + ".access-key-env", () -> accessEnv);
		registry.add(key + ".secret-key-env", () -> secretEnv);
	}

	/**
	 * @return where the bucket's objects are stored as files
	 */
	public Path bucketDirectory() {
		return this.dir.resolve("data").resolve(BUCKET);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

}
