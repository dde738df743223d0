package dev.mamori.backup;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a restore checks that the app came back.
 *
 * @param healthAttempts how many times the health URL is tried after the service starts
 * @param healthInterval the wait between two tries
 * @param healthTimeout how long one try may take
 */
@Validated
@ConfigurationProperties("mamori.restore")
public record RestoreProperties(@DefaultValue("10") @Min(1) int healthAttempts,
		@DefaultValue("3s") @NotNull Duration healthInterval, @DefaultValue("5s") @NotNull Duration healthTimeout) {
}
