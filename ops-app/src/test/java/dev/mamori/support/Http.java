package dev.mamori.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain JDK HTTP client against the running server, so tests go through the real filter chains,
 * the real servlet container and the real JSON.
 */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String base;

	private final HttpClient client;

	private Http(String base, HttpClient client) {
		this.base = base;
		this.client = client;
	}

	/**
	 * @param port the server's port
	 * @return a client without cookies
	 */
	public static Http on(int port) {
		return new Http("http://127.0.0.1:" + port,
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
	}

	/**
	 * @param port the server's port
	 * @return a client that keeps cookies, like a browser session
	 */
	public static Http withCookies(int port) {
		return new Http("http://127.0.0.1:" + port, HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(5))
			.build());
	}

	/**
	 * @param port the server's port
	 * @param cookies a cookie store shared with other clients, like one browser talking to two
	 * instances behind one address
	 * @return a client that keeps cookies in that store
	 */
	public static Http withCookies(int port, CookieManager cookies) {
		return new Http("http://127.0.0.1:" + port,
				HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build());
	}

	public Response send(String method, String path, Auth auth, String jsonBody, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
					: HttpRequest.BodyPublishers.noBody());
		if (jsonBody != null) {
			request.header("Content-Type", "application/json");
		}
		if (auth != null && auth.header() != null) {
			request.header("Authorization", auth.header());
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return execute(request.build());
	}

	public Response get(String path, Auth auth, String... headers) {
		return send("GET", path, auth, null, headers);
	}

	public Response post(String path, Auth auth, String jsonBody) {
		return send("POST", path, auth, (jsonBody != null) ? jsonBody : "{}");
	}

	/**
	 * Starts a backup or restore right after an earlier run of the same app reached its end: the run
	 * is marked finished before its audit entry, listeners and retention, and the app stays busy (409)
	 * until those are done. Posts again while the answer is 409, for at most 30 s; a 409 started
	 * nothing, so posting again is safe.
	 * @param path the path
	 * @param auth credentials
	 * @param jsonBody the body
	 * @return the first answer that is not 409, or the last 409
	 */
	public Response postOnceFree(String path, Auth auth, String jsonBody) {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
		Response response = post(path, auth, jsonBody);
		while (response.status() == 409 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return response;
			}
			response = post(path, auth, jsonBody);
		}
		return response;
	}

	public Response postForm(String path, Map<String, String> form, String... headers) {
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return execute(request.build());
	}

	private Response execute(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param value any object
	 * @return its JSON
	 */
	public static String toJson(Object value) {
		return json.writeValueAsString(value);
	}

	/**
	 * A response.
	 * @param status the status code
	 * @param body the body text
	 * @param raw the JDK response, for headers
	 */
	public record Response(int status, String body, HttpResponse<String> raw) {

		public JsonNode json() {
			return json.readTree(this.body);
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

	/**
	 * Credentials for one request.
	 * @param header the Authorization header value, or {@code null} for none
	 */
	public record Auth(String header) {

		public static final Auth NONE = new Auth(null);

		public static Auth basic(String username, String password) {
			return new Auth("Basic " + Base64.getEncoder()
				.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
		}

		public static Auth bearer(String token) {
			return new Auth("Bearer " + token);
		}

	}

}
