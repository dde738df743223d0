package dev.mamori.web.ui;

import java.time.ZonedDateTime;

import dev.mamori.backup.SnapshotView;

/**
 * One app as the dashboard shows it.
 *
 * @param id app id
 * @param name display name
 * @param health {@code UP}, {@code DOWN}, {@code PENDING} (from its monitors), {@code WAITING} (for
 * the first backup) or {@code NONE}
 * @param color {@code neutral}, {@code green}, {@code amber} or {@code red} ({@link dev.mamori.monitor.AppStatus})
 * @param lastGood newest restorable snapshot (good, or listed by a catalog rebuild and not verified yet),
 * or {@code null}
 * @param lastGoodAt when it was taken, in the viewer's zone
 * @param lastGoodAge how old it is
 * @param lastGoodVerifying whether it is queued for verification or being verified
 * @param nextRun next scheduled backup, or {@code null}
 * @param openIncidents open incidents of its monitors
 * @param freeBytes free space at the destination, or {@code null} when it cannot be read
 * @param monitors monitors attached to the app
 * @param recovery its proof of restorability (drills) and recovery objectives
 * @param proven how long ago the last drill passed, or {@code null} when none did
 * @param copies where its restore points live; a target behind its max-age makes the card amber
 * @param copyAge how old the newest good off-site copy is, or {@code null} when there is none
 */
record AppCard(String id, String name, String health, String color, SnapshotView lastGood, ZonedDateTime lastGoodAt,
		Age lastGoodAge, boolean lastGoodVerifying, ZonedDateTime nextRun, long openIncidents, Long freeBytes, int monitors,
		dev.mamori.backup.RecoveryStatus recovery, Age proven, dev.mamori.backup.offsite.CopySummary copies, Age copyAge) {
}
