package dev.mamori.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP (or HTTPS) server on the loopback interface for monitor tests: each path answers
 * what the test sets, counts its requests, and can follow a file ("healthy while it exists") or
 * alternate between up and down.
 */
public final class TargetServer implements AutoCloseable {

	private final HttpServer server;

	private final String scheme;

	private TargetServer(HttpServer server, String scheme) {
		this.server = server;
		this.scheme = scheme;
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.start();
	}

	public static TargetServer start() {
		try {
			return new TargetServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param https an HTTPS server, configured by the caller
	 * @return the started server
	 */
	public static TargetServer start(HttpsServer https) {
		return new TargetServer(https, "https");
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String url(String path) {
		return this.scheme + "://127.0.0.1:" + port() + path;
	}

	/**
	 * @param path a path such as {@code /health}
	 * @return its endpoint, answering 200 "ok" until told otherwise
	 */
	public Endpoint endpoint(String path) {
		Endpoint endpoint = new Endpoint();
		this.server.createContext(path, endpoint::handle);
		return endpoint;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** What one path answers. */
	public static final class Endpoint {

		private volatile int status = 200;

		private volatile String body = "ok";

		private volatile Path healthyWhileExists;

		private volatile boolean flapping;

		private final AtomicInteger hits = new AtomicInteger();

		private final java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

		public Endpoint up() {
			this.status = 200;
			return this;
		}

		public Endpoint down() {
			this.status = 503;
			return this;
		}

		/** Answers with this status (a second kind of outage, told apart from {@link #down()} by its code). */
		public Endpoint status(int code) {
			this.status = code;
			return this;
		}

		public Endpoint body(String text) {
			this.body = text;
			return this;
		}

		/** Healthy while the file exists: a declared command can "restart" the target by creating it. */
		public Endpoint healthyWhileExists(Path file) {
			this.healthyWhileExists = file;
			return this;
		}

		/** Answers up and down by turns. */
		public Endpoint flapping() {
			this.flapping = true;
			return this;
		}

		public int hits() {
			return this.hits.get();
		}

		/** @return the request bodies received, oldest first */
		public java.util.List<String> bodies() {
			return this.bodies;
		}

		void handle(HttpExchange exchange) throws IOException {
			String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (!request.isEmpty()) {
				this.bodies.add(request);
			}
			int n = this.hits.incrementAndGet();
			int code = this.status;
			if (this.healthyWhileExists != null) {
				code = Files.exists(this.healthyWhileExists) ? 200 : 503;
			}
			if (this.flapping) {
				code = (n % 2 == 0) ? 200 : 503;
			}
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", this.body.startsWith("{") ? "application/json" : "text/plain");
			exchange.sendResponseHeaders(code, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

	}

}
