package dev.mamori.monitor.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Log sources, declared only in the configuration file; the web reads them by id.
 *
 * @param logs log sources by id
 */
@Validated
@ConfigurationProperties("mamori")
public record LogsProperties(@DefaultValue Map<String, @Valid LogSource> logs) {

	/**
	 * One log source: exactly one of {@code command} or {@code file}.
	 * @param app the app whose page shows it
	 * @param command a command printing the log, run without a shell, such as
	 * {@code [journalctl, -u, ecm, -n, "1000", --no-pager]} or
	 * {@code [docker, compose, -f, /srv/app/compose.yml, logs, --tail, "1000", backend]}
	 * @param file a log file; its end is read
	 * @param lines how many lines the page shows by default (1 to 5,000)
	 * @param timeout how long the command may run (1 s to 60 s)
	 */
	public record LogSource(@NotBlank String app, List<@NotNull String> command, Path file,
			@DefaultValue("200") int lines, @DefaultValue("15s") @NotNull Duration timeout) {
	}

}
