package dev.mamori.backup;

/**
 * How recent an app's backups are.
 *
 * @param lastRestorable its newest restorable snapshot (good, or listed by a catalog rebuild and not
 * verified yet), or {@code null} when it never had one
 * @param lastRunFailed whether its newest backup run failed
 * @param stale whether {@code lastRestorable} is older than {@code mamori.backup.stale-after}
 */
public record BackupFreshness(SnapshotView lastRestorable, boolean lastRunFailed, boolean stale) {

	/**
	 * @return whether the app has a restorable snapshot at all
	 */
	public boolean everBackedUp() {
		return this.lastRestorable != null;
	}

}
