package dev.mamori.backup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.source.LiveData;
import dev.mamori.backup.source.Source;
import dev.mamori.core.Secrets;

import org.springframework.stereotype.Service;

/**
 * Compares a snapshot with the app's data now and with its previous snapshot: what the snapshot
 * page shows and what the restore wizard warns about. Reads the live data, never changes it.
 */
@Service
public class SnapshotComparisons {

	private final AppRegistry apps;

	private final BackupService backups;

	SnapshotComparisons(AppRegistry apps, BackupService backups) {
		this.apps = apps;
		this.backups = backups;
	}

	/**
	 * @param appId the app
	 * @param snapshot one of its snapshots, or one that exists only off-site (id 0)
	 * @return the comparison, with the live data measured now
	 * @throws SnapshotNotFoundException when the snapshot is not the app's
	 */
	public SnapshotComparison compare(String appId, SnapshotView snapshot) {
		if (snapshot.id() != 0) {
			return compare(appId, snapshot.id());
		}
		// Only off-site (no local catalog row): the previous one is the newest local snapshot older than it.
		App app = this.apps.get(appId);
		SnapshotView previous = this.backups.snapshots(appId).stream()
			.filter((s) -> s.createdAt().isBefore(snapshot.createdAt()))
			.findFirst()
			.orElse(null);
		Map<String, LiveData.Measured> current = new LinkedHashMap<>();
		for (Source source : app.sources()) {
			current.put(source.id(), LiveData.measure(source));
		}
		return SnapshotComparison.of(declared(app), snapshot, previous, current);
	}

	private static List<SnapshotComparison.Declared> declared(App app) {
		return app.sources()
			.stream()
			.map((s) -> new SnapshotComparison.Declared(s.id(), s.type().name().toLowerCase(Locale.ROOT),
					(s.path() != null) ? s.path().toString() : Secrets.maskUrl(s.url())))
			.toList();
	}

	/**
	 * @param appId the app
	 * @param snapshotId one of its snapshots
	 * @return the comparison, with the live data measured now
	 * @throws SnapshotNotFoundException when the snapshot is not the app's
	 */
	public SnapshotComparison compare(String appId, long snapshotId) {
		App app = this.apps.get(appId);
		List<SnapshotView> all = this.backups.snapshots(appId);
		int index = -1;
		for (int i = 0; i < all.size(); i++) {
			if (all.get(i).id() == snapshotId) {
				index = i;
			}
		}
		if (index < 0) {
			throw new SnapshotNotFoundException("with id " + snapshotId + " in app " + appId);
		}
		// Newest first: the previous snapshot is the next one in the list.
		SnapshotView previous = (index + 1 < all.size()) ? all.get(index + 1) : null;
		Map<String, LiveData.Measured> current = new LinkedHashMap<>();
		for (Source source : app.sources()) {
			current.put(source.id(), LiveData.measure(source));
		}
		List<SnapshotComparison.Declared> declared = app.sources()
			.stream()
			.map((s) -> new SnapshotComparison.Declared(s.id(), s.type().name().toLowerCase(Locale.ROOT),
					(s.path() != null) ? s.path().toString() : Secrets.maskUrl(s.url())))
			.toList();
		return SnapshotComparison.of(declared, all.get(index), previous, current);
	}

}
