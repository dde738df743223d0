package dev.mamori.backup.retention;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which snapshots to keep, under {@code mamori.apps.<id>.backup.retention}: the union of the keep rules, and the safety rules always win.
 * @param keepLast the newest N snapshots
 * @param keepDaily the newest snapshot of each of the last N days that have one
 * @param keepWeekly the newest snapshot of each of the last N ISO weeks that have one
 * @param keepMonthly the newest snapshot of each of the last N months that have one
 * @param minGood the newest N good (verified) snapshots are never deleted
 * @param safetySnapshotDays pre-restore safety snapshots are kept this many days regardless
 */
public record Retention(@DefaultValue("7") @Min(0) int keepLast, @DefaultValue("7") @Min(0) int keepDaily,
		@DefaultValue("4") @Min(0) int keepWeekly, @DefaultValue("6") @Min(0) int keepMonthly,
		@DefaultValue("3") @Min(1) int minGood, @DefaultValue("30") @Min(0) int safetySnapshotDays) {
}

