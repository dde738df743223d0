package dev.mamori.monitor.checklist;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recurring checklists, declared in the configuration file.
 *
 * @param checklists checklists by id
 */
@Validated
@ConfigurationProperties("mamori")
public record ChecklistsProperties(@DefaultValue Map<String, @Valid Checklist> checklists) {

	/**
	 * One checklist.
	 * @param title its name in English and Japanese
	 * @param app the app it is about, if any (shown with it; alerts name it)
	 * @param schedule {@code weekly} (Monday 09:00), {@code monthly} (the 1st, 09:00),
	 * {@code quarterly} (1 January, April, July, October, 09:00) or a 5-field cron expression in the
	 * server's zone, at most once an hour; each time it fires a new run starts
	 * @param dueAfter a run not complete this long after it started is overdue and alerted once
	 * (1 h to 366 d)
	 * @param items what to check, in order
	 */
	public record Checklist(@NotNull @Valid Title title, String app, @NotBlank String schedule,
			@DefaultValue("3d") @NotNull Duration dueAfter, @NotEmpty List<@Valid Item> items) {
	}

	/**
	 * One item: manual unless {@code auto} says what decides it.
	 * @param id the item's id within the checklist
	 * @param title what to check, in English and Japanese
	 * @param auto what ticks it by itself, or {@code null} for an item a person signs
	 */
	public record Item(@NotBlank String id, @NotNull @Valid Title title, @Valid Auto auto) {
	}

	/**
	 * What decides an automatic item: exactly one of the keys.
	 * @param backupFreshness the app whose newest good backup must be younger than the given age
	 * @param monitor the name of a monitor that must be UP
	 * @param action the id of an action that must have succeeded since the run started
	 */
	public record Auto(@Valid BackupFreshness backupFreshness, String monitor, String action) {
	}

	/**
	 * @param app the app
	 * @param maxAge the newest good backup must be younger than this
	 */
	public record BackupFreshness(@NotBlank String app, @DefaultValue("26h") @NotNull Duration maxAge) {
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

}
