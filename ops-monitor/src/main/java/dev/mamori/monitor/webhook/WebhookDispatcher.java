package dev.mamori.monitor.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;

/**
 * Turns application events into webhook deliveries. The publishing thread only maps the event and
 * hands it to two daemon threads: recording, sending and every retry (backoff doubling from
 * {@code mamori.webhooks.backoff}) happen there, so a slow or dead receiver never holds up a
 * backup, a restore or the monitor engine.
 */
class WebhookDispatcher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDispatcher.class);

	/** The signature header, like GitHub's {@code X-Hub-Signature-256}. */
	static final String SIGNATURE_HEADER = "X-Mamori-Signature-256";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final WebhookProperties properties;

	private final WebhookDeliveries deliveries;

	private final HttpClient http;

	private final ScheduledThreadPoolExecutor executor;

	WebhookDispatcher(WebhookProperties properties, WebhookDeliveries deliveries) {
		this.properties = properties;
		this.deliveries = deliveries;
		this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ScheduledThreadPoolExecutor(2, (task) -> {
			Thread thread = new Thread(task, "mamori-webhook-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@EventListener
	void on(Object event) {
		if (this.properties.endpoints().isEmpty()) {
			return;
		}
		WebhookEvents.of(event, UUID.randomUUID().toString())
			.ifPresent((mapped) -> this.properties.endpoints().forEach((name, endpoint) -> {
				if (endpoint.wants(mapped.event().type())) {
					this.executor.execute(() -> start(name, endpoint, mapped));
				}
			}));
	}

	private void start(String name, WebhookProperties.Endpoint endpoint, WebhookEvents.Mapped mapped) {
		try {
			HttpRequest request = request(endpoint, mapped);
			long id = this.deliveries.create(mapped.event(), name);
			attempt(id, name, request, mapped.event(), 1);
		}
		catch (RuntimeException ex) {
			logger.warn("Webhook {} for endpoint {} could not be prepared: {}", mapped.event().type(), name,
					ex.getMessage());
		}
	}

	private void attempt(long id, String name, HttpRequest request, WebhookEvent event, int attempt) {
		Integer status = null;
		String error;
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
			if (status >= 200 && status < 300) {
				this.deliveries.finished(id, true, attempt, status, null);
				logger.debug("Webhook {} {} delivered to {}", event.type(), event.id(), name);
				return;
			}
			error = "HTTP " + status;
		}
		catch (java.io.IOException ex) {
			// The exception's message can hold the address, which may hold a token: name the kind only.
			error = ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.deliveries.finished(id, false, attempt, null, "interrupted at shutdown");
			return;
		}
		if (attempt >= this.properties.maxAttempts()) {
			this.deliveries.finished(id, false, attempt, status, error);
			logger.warn("Webhook {} {} to endpoint {} failed after {} attempt(s): {}", event.type(), event.id(), name,
					attempt, error);
			return;
		}
		this.deliveries.attempted(id, attempt, status, error);
		long delay = this.properties.backoff().toMillis() * (1L << Math.min(attempt - 1, 20));
		this.executor.schedule(() -> attempt(id, name, request, event, attempt + 1), delay, TimeUnit.MILLISECONDS);
	}

	/** The request for one endpoint: its format, signed when it has a secret. */
	HttpRequest request(WebhookProperties.Endpoint endpoint, WebhookEvents.Mapped mapped) {
		WebhookEvent event = mapped.event();
		String text = mapped.text().in(endpoint.language());
		String contentType = "application/json";
		byte[] body = switch (endpoint.format()) {
			case JSON -> json.writeValueAsBytes(event);
			case SLACK -> json.writeValueAsBytes(Map.of("text", text));
			case DISCORD -> {
				Map<String, Object> discord = new LinkedHashMap<>();
				discord.put("username", "Mamori");
				discord.put("content", text);
				yield json.writeValueAsBytes(discord);
			}
			case NTFY -> {
				contentType = "text/plain; charset=utf-8";
				yield text.getBytes(StandardCharsets.UTF_8);
			}
		};
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url().toString()))
			.timeout(this.properties.timeout())
			.header("Content-Type", contentType)
			.header("User-Agent", "Mamori-Webhook")
			.header("X-Mamori-Event", event.type())
			.header("X-Mamori-Delivery", event.id())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (endpoint.format() == WebhookProperties.Format.NTFY) {
			request.header("Title", "Mamori " + event.type());
			request.header("Tags", event.type().endsWith("failed") || event.type().equals("incident.opened")
					? "warning" : "white_check_mark");
		}
		if (endpoint.secret() != null && !endpoint.secret().isEmpty()) {
			request.header(SIGNATURE_HEADER, "sha256=" + hmac(endpoint.secret(), body));
		}
		return request.build();
	}

	/**
	 * @param secret the endpoint's secret
	 * @param body the exact bytes sent
	 * @return the lower-case hex HMAC-SHA256
	 */
	static String hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}


}
