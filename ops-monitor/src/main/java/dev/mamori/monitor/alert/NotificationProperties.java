package dev.mamori.monitor.alert;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where alerts go. The SMTP server itself is Spring's {@code spring.mail.*}.
 *
 * @param email email alerts
 * @param webhook JSON webhook alerts
 * @param attempts how many times a send is tried before it is recorded as failed
 * @param backoff wait before the second try; doubled for each further try
 */
@Validated
@ConfigurationProperties("mamori.notifications")
public record NotificationProperties(@DefaultValue @Valid Email email, @DefaultValue @Valid Webhook webhook,
		@DefaultValue("4") @Min(1) @Max(20) int attempts, @DefaultValue("5s") @NotNull Duration backoff) {

	/**
	 * @param to recipients; no email is sent when empty
	 * @param from sender address
	 * @param language {@code ja} or {@code en}
	 * @param baseUrl Mamori's address as users reach it, for links in messages (and webhook bodies):
	 * {@code <base-url>/incidents/<id>} for incidents, {@code <base-url>/restores/<run>} for restores;
	 * and {@code <base-url>/apps/<app>} for an app; no link when empty
	 * @param zone the time zone of the times in messages, such as {@code Asia/Tokyo}; the server's
	 * zone when empty
	 */
	public record Email(@DefaultValue List<String> to, @DefaultValue("mamori@localhost") String from,
			@DefaultValue("en") @Pattern(regexp = "ja|en") String language, String baseUrl, ZoneId zone) {

		/**
		 * @return the zone of the times in messages
		 */
		public ZoneId zoneOrServer() {
			return (this.zone != null) ? this.zone : ZoneId.systemDefault();
		}

	}

	/**
	 * @param url where to POST a JSON body for each alert; may hold a secret key, so it is never
	 * shown or logged
	 * @param timeout how long one POST may take
	 */
	public record Webhook(String url, @DefaultValue("10s") Duration timeout) {

		@Override
		public String toString() {
			return "Webhook[url=" + ((this.url != null) ? "******" : null) + "]";
		}

	}

}
