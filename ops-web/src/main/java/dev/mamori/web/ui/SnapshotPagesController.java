package dev.mamori.web.ui;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.SnapshotComparison;
import dev.mamori.backup.SnapshotComparisons;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A snapshot's page (VIEWER): per source what it holds (type, location, size, files, tables with
 * their rows) beside the app's data now and the previous snapshot, before anyone restores it.
 */
@Controller
class SnapshotPagesController {

	private final AppRegistry apps;

	private final BackupService backups;

	private final SnapshotComparisons comparisons;

	SnapshotPagesController(AppRegistry apps, BackupService backups, SnapshotComparisons comparisons) {
		this.apps = apps;
		this.backups = backups;
		this.comparisons = comparisons;
	}

	@GetMapping("/apps/{app}/snapshots/{snapshot}")
	String snapshot(@PathVariable String app, @PathVariable long snapshot, Model model) {
		SnapshotComparison comparison = this.comparisons.compare(app, snapshot);
		model.addAttribute("id", app);
		model.addAttribute("app", this.apps.get(app));
		model.addAttribute("comparison", comparison);
		model.addAttribute("s", comparison.snapshot());
		model.addAttribute("verifying", this.backups.verifying(snapshot));
		model.addAttribute("restorable", this.backups.restorable(comparison.snapshot()));
		return "snapshots/snapshot";
	}

}
