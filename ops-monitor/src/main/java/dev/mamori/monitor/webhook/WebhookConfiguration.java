package dev.mamori.monitor.webhook;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event webhooks of {@code mamori.webhooks}. The single alert webhook of
 * {@code mamori.notifications.webhook} is separate and unchanged.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	@Bean
	WebhookDispatcher webhookDispatcher(WebhookProperties properties, JdbcTemplate jdbc, Clock clock) {
		return new WebhookDispatcher(properties, new WebhookDeliveries(jdbc, clock));
	}

}
