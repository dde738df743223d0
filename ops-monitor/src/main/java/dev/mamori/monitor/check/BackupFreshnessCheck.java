package dev.mamori.monitor.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.human;

/**
 * An app's newest good backup is younger than a limit; read from the backup catalog, so it needs
 * no thread of its own.
 */
@Component
class BackupFreshnessCheck implements Check {

	private final ObjectProvider<BackupCatalogView> catalog;

	private final Clock clock;

	private final FirstBackupWait firstBackup = new FirstBackupWait();

	BackupFreshnessCheck(ObjectProvider<BackupCatalogView> catalog, Clock clock) {
		this.catalog = catalog;
		this.clock = clock;
	}

	@Override
	public MonitorType type() {
		return MonitorType.BACKUP_FRESHNESS;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return CompletableFuture.completedFuture(freshness(d));
	}

	private CheckResult freshness(MonitorDefinition d) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		if (view == null) {
			return CheckResult.down(null, "no backup catalog in this Mamori");
		}
		Optional<Instant> newest = view.newestGoodSnapshotAt(d.app());
		if (newest.isEmpty()) {
			return this.firstBackup.judge(d.app(), d.maxAge(), this.clock.instant());
		}
		Duration age = Duration.between(newest.get(), this.clock.instant());
		String text = "newest good backup of " + d.app() + " is " + human(age) + " old (limit " + human(d.maxAge()) + ")";
		return age.compareTo(d.maxAge()) <= 0 ? CheckResult.up(null, text) : CheckResult.down(null, text);
	}

}
