package dev.mamori.monitor.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * A generic JSON webhook: one POST per alert; any 2xx answer counts as delivered. {@code event} is
 * the alert's kind ({@code OPENED}, {@code BACKUP_FAILED}...), or {@code restore.finished} for every
 * restore outcome, with {@code kind}, {@code runId}, {@code outcome}, {@code snapshot},
 * {@code message}, {@code reportNumber}, {@code rtoSeconds} and {@code url}. The URL may hold
 * a key, so it is never logged, stored or shown.
 */
@Component
class WebhookChannel implements Channel {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final NotificationProperties.Webhook webhook;

	private final String baseUrl;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	WebhookChannel(NotificationProperties properties) {
		this.webhook = properties.webhook();
		this.baseUrl = properties.email().baseUrl();
	}

	@Override
	public String channel() {
		return "WEBHOOK";
	}

	@Override
	public boolean enabled() {
		return this.webhook.url() != null && !this.webhook.url().isBlank();
	}

	@Override
	public String recipients() {
		URI uri = URI.create(this.webhook.url());
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "") + "/…";
	}

	@Override
	public void send(Alert alert, AlertText text) throws IOException, InterruptedException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", alert.kind().name());
		body.put("subject", text.subject());
		body.put("text", text.body());
		body.put("incidentId", alert.incidentId());
		body.put("monitorId", alert.monitorId());
		body.put("monitor", alert.monitorName());
		body.put("app", alert.appId());
		body.put("appName", alert.appName());
		body.put("error", alert.error());
		body.put("since", (alert.since() != null) ? alert.since().toString() : null);
		body.put("tried", alert.tried());
		body.put("at", alert.at().toString());
		Alert.Restore restore = alert.restore();
		if (restore != null) {
			// One event type for every outcome, so a receiver routes restores without knowing each kind.
			body.put("event", "restore.finished");
			body.put("kind", alert.kind().name());
			body.put("runId", restore.runId());
			body.put("outcome", restore.outcome());
			body.put("snapshot", restore.snapshotName());
			body.put("message", alert.error());
			body.put("reportNumber", restore.reportNumber());
			body.put("rtoSeconds", (restore.rto() != null) ? restore.rto().toMillis() / 1000.0 : null);
			body.put("url", AlertText.restoreLink(this.baseUrl, restore.runId()));
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.webhook.url()))
			.timeout(this.webhook.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Mamori")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build();
		HttpResponse<Void> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// The JDK's messages can name the URI; say what failed without it.
			throw new IOException("webhook not reachable: " + ex.getClass().getSimpleName());
		}
		if (response.statusCode() / 100 != 2) {
			throw new IOException("webhook answered HTTP " + response.statusCode());
		}
	}

}
