package dev.mamori.core.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The commands Mamori may run, declared only in the configuration file and referred to by id
 * elsewhere (service stop/start, remediation). Nothing from the web can add one.
 *
 * @param commands commands by id
 */
@Validated
@ConfigurationProperties("mamori")
public record CommandProperties(@DefaultValue Map<String, @Valid Command> commands) {

	/**
	 * One command.
	 * @param argv program and arguments, run without a shell
	 * @param timeout after this long the process is killed and the command counts as failed
	 * @param workingDirectory directory to run in; Mamori's own when not set
	 */
	public record Command(@NotEmpty List<String> argv, @DefaultValue("60s") @NotNull Duration timeout,
			String workingDirectory) {
	}

}
