package dev.mamori.monitor.action;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mamori.core.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Runbook actions, declared only in the configuration file; the web refers to them by id and can
 * neither add one nor change its command.
 *
 * @param actions actions by id
 */
@Validated
@ConfigurationProperties("mamori")
public record ActionsProperties(@DefaultValue Map<String, @Valid Action> actions) {

	/**
	 * One action.
	 * @param app the id of the app it belongs to
	 * @param title what the button says, in English and Japanese
	 * @param role the lowest role allowed to run it: {@code OPERATOR} or {@code ADMIN} (the default)
	 * @param argv program and arguments, run without a shell; an element that is exactly
	 * {@code {name}} is replaced by that parameter's value, as one whole element
	 * @param parameters the values a caller chooses, each a closed set or a strict pattern
	 * @param confirm whether the caller must type the action id to run it (for destructive actions)
	 * @param preCheck must pass before the command runs; the command is not run otherwise
	 * @param postCheck must pass after the command exited 0; the run fails otherwise
	 * @param timeout after this long the process tree is killed and the run fails (1 s to 24 h)
	 * @param workingDirectory directory to run in; Mamori's own when not set
	 * @param outputLimit how much of the end of the output is kept (1 KB to 1 MB; default 64 KB)
	 */
	public record Action(@NotBlank String app, @NotNull @Valid Title title, @DefaultValue("ADMIN") Role role,
			@NotEmpty List<@NotNull String> argv, @DefaultValue Map<String, @Valid Parameter> parameters,
			@DefaultValue("false") boolean confirm, @Valid Check preCheck, @Valid Check postCheck,
			@DefaultValue("60s") @NotNull Duration timeout, String workingDirectory,
			@DefaultValue("64KB") @NotNull DataSize outputLimit) {
	}

	/**
	 * @param en English
	 * @param ja Japanese
	 */
	public record Title(@NotBlank String en, @NotBlank String ja) {

		/**
		 * @param language {@code ja} or anything else for English
		 * @return the title in that language
		 */
		public String in(String language) {
			return "ja".equals(language) ? this.ja : this.en;
		}

	}

	/**
	 * A value the caller chooses: exactly one of {@code values} or {@code pattern}.
	 * @param values the allowed values
	 * @param pattern a regular expression the whole value must match (at most 256 characters)
	 */
	public record Parameter(List<@NotNull String> values, String pattern) {
	}

	/**
	 * A check around an action: exactly one of {@code monitor} or {@code health-url}.
	 * @param monitor the name of a monitor, checked once now
	 * @param healthUrl an address that must answer 2xx to a GET within 10 s
	 */
	public record Check(String monitor, URI healthUrl) {
	}

}
