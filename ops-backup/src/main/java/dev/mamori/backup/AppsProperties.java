package dev.mamori.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.retention.Retention;
import dev.mamori.backup.source.Source;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The apps Mamori protects, declared only in the configuration file: what touches the host (paths,
 * databases, commands) can never be added from the web.
 *
 * @param apps apps by id (lower-case letters, digits, '-' and '_')
 */
@Validated
@ConfigurationProperties("mamori")
public record AppsProperties(@DefaultValue Map<String, @Valid App> apps) {

	/**
	 * One managed application.
	 * @param name display name
	 * @param healthUrl URL that answers 2xx when the app is healthy, checked after a restore
	 * @param service commands that stop and start the app, by id from {@code mamori.commands}
	 * @param sources what to back up, in restore order
	 * @param backup schedule, destination, retention and verification
	 * @param drill restore drills: when, which snapshot, what proves it (none when absent)
	 * @param objectives recovery objectives (RTO, RPO) compared with what drills, restores and backups measure
	 */
	public record App(String name, String healthUrl, @Valid Service service,
			@NotEmpty List<@Valid Source> sources, @NotNull @Valid Plan backup, @Valid Drill drill,
			@Valid Objectives objectives) {

		/**
		 * @param id the app's id
		 * @return the name, or the id when no name is set
		 */
		public String displayName(String id) {
			return (this.name != null && !this.name.isBlank()) ? this.name : id;
		}

	}

	/**
	 * Restore drills of an app: a snapshot restored into a scratch location through the same handlers as a
	 * real restore, checked, optionally booted, then removed. Nothing live is touched.
	 * @param schedule cron expression (5 fields, or 6 with seconds first); only on demand when empty
	 * @param snapshot which snapshot a scheduled drill takes: the latest good one, or a random good one of
	 * the newest {@code randomOf}
	 * @param randomOf how many of the newest good snapshots a random pick chooses from (1 to 100)
	 * @param scratch where scratch copies are made (default: the data directory's {@code drills})
	 * @param maxDuration a drill running longer is stopped and FAILED (1 s to 24 h)
	 * @param maxAge when no drill passed for this long, the app is overdue: alerted once, shown on the
	 * dashboard (no check when empty)
	 * @param queries verification queries run on the restored databases
	 * @param boot a second copy of the app started on the scratch data whose health URL must answer
	 */
	public record Drill(String schedule, @DefaultValue("LATEST") Pick snapshot,
			@DefaultValue("5") @Min(1) @jakarta.validation.constraints.Max(100) int randomOf, Path scratch,
			@DefaultValue("30m") @NotNull Duration maxDuration, Duration maxAge,
			@DefaultValue List<@Valid Query> queries, @Valid Boot boot) {

		/** Which snapshot a scheduled drill takes. */
		public enum Pick {

			/** The newest good snapshot. */
			LATEST,

			/** A random good snapshot among the newest {@code randomOf}. */
			RANDOM

		}

	}

	/**
	 * A verification query on a restored database (SQLite or PostgreSQL).
	 * @param source the source id
	 * @param sql the query (run read-only on the scratch copy)
	 * @param expect NO_ROWS, SOME_ROWS or AT_LEAST (the first column of the first row at least {@code value})
	 * @param value the bound for AT_LEAST
	 */
	public record Query(@jakarta.validation.constraints.NotBlank String source,
			@jakarta.validation.constraints.NotBlank String sql,
			@NotNull dev.mamori.backup.drill.DrillQuery.Expect expect, @DefaultValue("1") long value) {
	}

	/**
	 * @param command id of a declared command (mamori.commands) that starts a copy of the app on the scratch
	 * data; it gets {@code MAMORI_DRILL_DIR} and {@code MAMORI_DRILL_<SOURCE>} in its environment; always
	 * stopped afterwards
	 * @param healthUrl the copy's health URL, which must answer 2xx
	 * @param timeout how long the copy may take to answer (1 s to 1 h)
	 */
	public record Boot(@jakarta.validation.constraints.NotBlank String command,
			@jakarta.validation.constraints.NotBlank String healthUrl, @DefaultValue("60s") @NotNull Duration timeout) {
	}

	/**
	 * Recovery objectives (the runbooks' levels RTO-1 / RTO-4 / RTO-24).
	 * @param rto the longest acceptable time from a restore's start to a healthy app; compared with the
	 * measured restore time of drills and real restores
	 * @param rpo the most data the app may lose; compared with the age of the newest good snapshot
	 */
	public record Objectives(Duration rto, Duration rpo) {
	}

	/**
	 * @param stop id of the command that stops the app
	 * @param start id of the command that starts the app
	 */
	public record Service(String stop, String start) {
	}

	/**
	 * How an app is backed up.
	 * @param schedule cron expression, 5 fields (minute hour day month weekday) or 6 with seconds
	 * first; no scheduled backups when empty
	 * @param destination directory the archives go to, such as a USB drive's mount point
	 * @param destinationMarker when set, the file {@code .mamori-destination} in the destination must
	 * contain this text, so a backup never goes to the wrong drive
	 * @param retention which snapshots to keep
	 * @param verify re-read every archive after writing and check every entry's SHA-256
	 * @param copies off-site copies of each good snapshot, to targets declared under {@code mamori.targets}
	 * @param encryption encryption at rest in the age format, for the archive on the destination and on
	 * every target (off when absent)
	 */
	public record Plan(String schedule, @NotNull Path destination, String destinationMarker,
			@DefaultValue @Valid Retention retention, @DefaultValue("true") boolean verify,
			@DefaultValue List<@Valid Copy> copies, @Valid Encryption encryption) {
	}

	/**
	 * Encryption at rest: every archive (and its sidecar manifest) is written age-encrypted to these
	 * recipients, on the destination and on every target. Only the public keys are needed to back up.
	 * @param recipients X25519 recipients ({@code age1…}, as {@code age-keygen} prints them); any one of
	 * their identities opens the archives; none (with an identity file) writes plain archives again while
	 * archives encrypted earlier still open
	 * @param identityFile an age identity file ({@code AGE-SECRET-KEY-1…}, as {@code age-keygen -o} writes
	 * it) used to verify, restore and drill; without it those fail naming this key (the CLI takes
	 * {@code --identity FILE})
	 */
	public record Encryption(@DefaultValue List<String> recipients, Path identityFile) {
	}

	/**
	 * An off-site copy of an app's snapshots.
	 * @param target the target's id under {@code mamori.targets}
	 * @param when {@code after-backup} (each good backup is copied as soon as it is verified) or
	 * {@code schedule} (good snapshots not yet copied are copied at the times of {@code schedule})
	 * @param schedule cron expression for {@code when: schedule}, 5 or 6 fields
	 * @param retention which copies the target keeps; the same rules and safety rules as the local
	 * destination, applied to the target's own copies
	 * @param maxAge when set, the newest good copy on the target must be younger than this (its backup's
	 * age); older, the app needs attention and an alert is sent once until a newer copy arrives
	 */
	public record Copy(@NotNull String target, @DefaultValue("after-backup") CopyWhen when, String schedule,
			@DefaultValue @Valid Retention retention, Duration maxAge) {
	}

	/** When an off-site copy is made. */
	public enum CopyWhen {

		/** As soon as a backup is verified good. */
		AFTER_BACKUP,

		/** At the times of the copy's schedule. */
		SCHEDULE

	}

	/**
	 * Settings for every backup.
	 * @param workDir scratch space for database copies before they enter an archive
	 * @param pgDump the {@code pg_dump} program
	 * @param pgRestore the {@code pg_restore} program
	 * @param compressionLevel zstd level, 1 (fast) to 19 (small)
	 * @param lockLease how long a running backup's lock lasts without renewal; a killed Mamori's lock
	 * frees itself after this
	 * @param staleAfter an app whose newest restorable snapshot is older than this needs attention (amber
	 * on the dashboard); a day longer than a daily schedule by default
	 * @param sqliteCheck the check a backup's copy of an SQLite database gets: {@code quick}
	 * ({@code PRAGMA quick_check}) or {@code full} ({@code integrity_check}); restores and drills always run
	 * the full check before anything live is touched
	 */
	@Validated
	@ConfigurationProperties("mamori.backup")
	public record Settings(@NotNull Path workDir,
			@DefaultValue("pg_dump") String pgDump, @DefaultValue("pg_restore") String pgRestore,
			@DefaultValue("3") @Min(1) @jakarta.validation.constraints.Max(19) int compressionLevel,
			@DefaultValue("60s") @NotNull Duration lockLease, @DefaultValue("48h") @NotNull Duration staleAfter,
			@DefaultValue("quick") @NotNull dev.mamori.backup.source.SqliteCheck sqliteCheck) {

		/**
		 * @return this process's own directory inside the work directory (see {@link ScratchSpace})
		 */
		public Path scratch() {
			return ScratchSpace.forThisProcess(this.workDir);
		}

	}

}
