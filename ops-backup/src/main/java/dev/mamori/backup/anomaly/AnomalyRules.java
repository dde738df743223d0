package dev.mamori.backup.anomaly;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a backup is suspect: compared with the median of the last {@code window} backups that were not
 * suspect themselves (at least {@code min-history} of them), a table with {@code min-rows} or more rows
 * that lost more than the {@code drop} share of its rows (or all of them, whatever its size), a directory
 * that lost that share of its files, a source that vanished, or an archive smaller than
 * {@code size-drop} of the median.
 *
 * @param enabled whether backups are compared at all
 * @param window how many earlier backups the median is taken over
 * @param minHistory how many earlier backups are needed before any comparison
 * @param drop the share lost that makes a table's rows or a directory's files suspect (0.5: half)
 * @param minRows tables and directories smaller than this are judged only when they become empty
 * @param sizeDrop an archive smaller than this share of the median is suspect (0.1: ten times smaller)
 */
@Validated
@ConfigurationProperties("mamori.backup.anomaly")
public record AnomalyRules(@DefaultValue("true") boolean enabled,
		@DefaultValue("5") @Min(1) @Max(100) int window,
		@DefaultValue("3") @Min(1) @Max(100) int minHistory,
		@DefaultValue("0.5") @DecimalMin("0.01") @DecimalMax("1.0") double drop,
		@DefaultValue("10") @Min(1) long minRows,
		@DefaultValue("0.1") @DecimalMin("0.001") @DecimalMax("1.0") double sizeDrop) {

	/** The defaults, as documented. */
	public static final AnomalyRules DEFAULTS = new AnomalyRules(true, 5, 3, 0.5, 10, 0.1);

}
