package dev.mamori.monitor.check;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.JsonPath;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.millisSince;

/**
 * An HTTP(S) request: status, body text, a value at a JSON path, response time. Reads at most
 * 256 KB of the body, and only when something is expected of it.
 */
@Component
class HttpCheck implements Check {

	private static final int MAX_BODY = 256 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final CheckExecutors executors;

	HttpCheck(CheckExecutors executors) {
		this.executors = executors;
	}

	@Override
	public MonitorType type() {
		return MonitorType.HTTP;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url()))
			.timeout(d.timeout())
			.method(d.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody())
			.header("User-Agent", "Mamori");
		d.headers().forEach(request::header);
		boolean needsBody = d.bodyContains() != null || d.jsonPath() != null;
		long start = System.nanoTime();
		if (!needsBody) {
			return this.executors.http()
				.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
				.thenApply((response) -> judge(d, response.statusCode(), null, millisSince(start)));
		}
		return this.executors.http()
			.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
			.thenApply((response) -> {
				try (var in = response.body()) {
					String body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
					return judge(d, response.statusCode(), body, millisSince(start));
				}
				catch (IOException ex) {
					return CheckResult.down(millisSince(start), "reading the body failed: " + ex.getMessage());
				}
			});
	}

	static CheckResult judge(MonitorDefinition d, int status, String body, long millis) {
		boolean statusOk = d.expectedStatus().isEmpty() ? (status >= 200 && status < 400)
				: d.expectedStatus().contains(status);
		if (!statusOk) {
			return CheckResult.down(millis, "HTTP " + status + ", expected "
					+ (d.expectedStatus().isEmpty() ? "2xx or 3xx" : d.expectedStatus()));
		}
		if (d.bodyContains() != null && (body == null || !body.contains(d.bodyContains()))) {
			return CheckResult.down(millis, "HTTP " + status + ", body does not contain '" + d.bodyContains() + "'");
		}
		if (d.jsonPath() != null) {
			String value;
			try {
				value = JsonPath.parse(d.jsonPath()).read(json.readTree(body));
			}
			catch (JacksonException ex) {
				return CheckResult.down(millis, "HTTP " + status + ", body is not JSON");
			}
			if (value == null) {
				return CheckResult.down(millis, "HTTP " + status + ", " + d.jsonPath() + " not found");
			}
			if (d.jsonEquals() != null && !d.jsonEquals().equals(value)) {
				return CheckResult.down(millis,
						"HTTP " + status + ", " + d.jsonPath() + " is '" + value + "', expected '" + d.jsonEquals() + "'");
			}
		}
		if (d.maxResponseTime() != null && millis > d.maxResponseTime().toMillis()) {
			return CheckResult.down(millis,
					"HTTP " + status + " in " + millis + " ms, slower than " + d.maxResponseTime().toMillis() + " ms");
		}
		return CheckResult.up(millis, "HTTP " + status + " in " + millis + " ms");
	}

}
