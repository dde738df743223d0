package dev.mamori.core.user;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Brute-force protection for password logins (web form and HTTP Basic).
 *
 * @param maxFailures failed logins for one username within {@code window} after which further
 * attempts are refused
 * @param window how far back failed logins are counted
 * @param lockout how long attempts are refused once {@code maxFailures} is reached
 */
@Validated
@ConfigurationProperties("mamori.security.login")
public record LoginProperties(@DefaultValue("5") @Min(1) @Max(1000) int maxFailures,
		@DefaultValue("15m") @NotNull Duration window, @DefaultValue("15m") @NotNull Duration lockout) {
}
