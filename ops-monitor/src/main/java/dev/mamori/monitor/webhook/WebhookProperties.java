package dev.mamori.monitor.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mamori.core.InvalidConfigurationException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Event webhooks: each endpoint gets the events it asks for, signed with its own secret.
 *
 * @param endpoints the endpoints by name (the name is what logs and the delivery records show;
 * the URL never is)
 * @param maxAttempts tries per delivery before it is recorded as failed
 * @param backoff wait before the second try; doubled for each further try (100ms to 1h)
 * @param timeout how long one POST may take (1s to 2m)
 */
@Validated
@ConfigurationProperties("mamori.webhooks")
public record WebhookProperties(@DefaultValue Map<String, @Valid Endpoint> endpoints,
		@DefaultValue("5") @Min(1) @Max(20) int maxAttempts, @DefaultValue("10s") @NotNull Duration backoff,
		@DefaultValue("10s") @NotNull Duration timeout) {

	public WebhookProperties {
		within("mamori.webhooks.backoff", backoff, Duration.ofMillis(100), Duration.ofHours(1));
		within("mamori.webhooks.timeout", timeout, Duration.ofSeconds(1), Duration.ofMinutes(2));
		endpoints.forEach((name, endpoint) -> endpoint.check("mamori.webhooks.endpoints." + name));
	}

	private static void within(String key, Duration value, Duration min, Duration max) {
		if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
			throw new InvalidConfigurationException(key, value.toString(), "must be between " + min + " and " + max);
		}
	}

	/**
	 * One receiver.
	 *
	 * @param url where to POST; may hold a token (Slack, Discord), so it is never logged or shown
	 * @param secret the HMAC-SHA256 key of the {@code X-Mamori-Signature-256} header; required for
	 * the {@code json} format
	 * @param events the event types to send, such as {@code backup.failed}; all when empty
	 * @param format {@code json} (Mamori's event), {@code slack}, {@code discord} or {@code ntfy}
	 * @param language {@code en} or {@code ja}: the language of the text in Slack, Discord and ntfy
	 * payloads
	 */
	public record Endpoint(@NotNull URI url, String secret, @DefaultValue List<String> events,
			@DefaultValue("json") Format format, @DefaultValue("en") String language) {

		void check(String key) {
			String scheme = (this.url.getScheme() != null) ? this.url.getScheme() : "";
			if (!scheme.equals("http") && !scheme.equals("https") || this.url.getHost() == null) {
				throw new InvalidConfigurationException(key + ".url", "(hidden)",
						"must be an http:// or https:// URL with a host");
			}
			if (this.format == Format.JSON && (this.secret == null || this.secret.length() < 16)) {
				throw new InvalidConfigurationException(key + ".secret", (this.secret == null) ? "" : "(hidden)",
						"the json format needs a secret of at least 16 characters to sign events");
			}
			for (int i = 0; i < this.events.size(); i++) {
				if (!WebhookEvents.types().contains(this.events.get(i))) {
					throw new InvalidConfigurationException(key + ".events[" + i + "]", this.events.get(i),
							"one of " + WebhookEvents.types());
				}
			}
			if (!this.language.equals("en") && !this.language.equals("ja")) {
				throw new InvalidConfigurationException(key + ".language", this.language, "en or ja");
			}
		}

		boolean wants(String type) {
			return this.events.isEmpty() || this.events.contains(type);
		}

		@Override
		public String toString() {
			return "Endpoint[url=(hidden), secret=" + ((this.secret != null) ? "******" : "none") + ", events="
					+ this.events + ", format=" + this.format + ", language=" + this.language + "]";
		}

	}

	/** The body an endpoint gets. */
	public enum Format {

		/** Mamori's signed event: {@code {id, type, timestamp, data}}. */
		JSON,
		/** A Slack incoming webhook: {@code {"text": ...}}. */
		SLACK,
		/** A Discord webhook: {@code {"content": ...}}. */
		DISCORD,
		/** An ntfy topic URL: the text as the body, a {@code Title} header. */
		NTFY

	}

}
