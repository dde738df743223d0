package dev.mamori.backup;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.mamori.core.catalog.BackupCatalogView;

import org.springframework.stereotype.Component;

/**
 * The backup catalog as other modules may read it.
 */
@Component
class DefaultBackupCatalogView implements BackupCatalogView {

	private final AppRegistry apps;

	private final BackupService backups;

	DefaultBackupCatalogView(AppRegistry apps, BackupService backups) {
		this.apps = apps;
		this.backups = backups;
	}

	@Override
	public Set<String> appIds() {
		return this.apps.all().keySet();
	}

	@Override
	public String appName(String appId) {
		AppsProperties.App app = this.apps.all().get(appId);
		return (app != null) ? app.displayName(appId) : appId;
	}

	@Override
	public Optional<Instant> newestGoodSnapshotAt(String appId) {
		return this.backups.lastGood(appId).map(SnapshotView::createdAt);
	}

}
