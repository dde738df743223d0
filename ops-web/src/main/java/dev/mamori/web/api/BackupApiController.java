package dev.mamori.web.api;

import java.net.URI;
import java.util.List;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.retention.RetentionPolicy;
import dev.mamori.core.Actor;
import dev.mamori.core.error.NotFoundException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backup runs, snapshots, verification, retention preview and catalog rebuild. Roles are enforced
 * by the API filter chain: OPERATOR starts backups and verifications, ADMIN rebuilds the catalog.
 */
@RestController
class BackupApiController {

	private final BackupService backups;

	BackupApiController(BackupService backups) {
		this.backups = backups;
	}

	@PostMapping("/api/apps/{app}/backups")
	ResponseEntity<RunStarted> start(@PathVariable String app, Actor actor) {
		BackupRunView run = this.backups.start(app, "MANUAL", actor);
		return ResponseEntity.accepted()
			.location(URI.create("/api/backup-runs/" + run.id()))
			.body(new RunStarted(run.id(), run.status().name()));
	}

	@GetMapping("/api/backup-runs/{id}")
	BackupRunView run(@PathVariable long id) {
		return this.backups.run(id).orElseThrow(() -> new RunNotFoundException(id));
	}

	@GetMapping("/api/apps/{app}/backup-runs")
	List<BackupRunView> runs(@PathVariable String app) {
		return this.backups.runs(app);
	}

	@GetMapping("/api/apps/{app}/snapshots")
	List<SnapshotView> snapshots(@PathVariable String app) {
		return this.backups.snapshots(app);
	}

	@GetMapping("/api/snapshots/{id}")
	SnapshotView snapshot(@PathVariable long id) {
		return this.backups.snapshot(id);
	}

	@PostMapping("/api/snapshots/{id}/verify")
	SnapshotView verify(@PathVariable long id, Actor actor) {
		return this.backups.verify(id, actor);
	}

	@GetMapping("/api/apps/{app}/retention/preview")
	List<RetentionPolicy.Decision> retentionPreview(@PathVariable String app) {
		return this.backups.retentionPreview(app);
	}

	@PostMapping("/api/apps/{app}/catalog/rebuild")
	Rebuilt rebuild(@PathVariable String app, Actor actor) {
		int added = this.backups.rebuildCatalog(app, actor);
		return new Rebuilt(added, this.backups.snapshots(app).size());
	}

	/**
	 * @param id run id
	 * @param status RUNNING
	 */
	record RunStarted(long id, String status) {
	}

	/**
	 * @param added snapshots found in the destination that the catalog lacked
	 * @param total snapshots listed now
	 */
	record Rebuilt(int added, int total) {
	}

	/** No backup run with that id. */
	static class RunNotFoundException extends NotFoundException {

		RunNotFoundException(long id) {
			super("No backup run with id " + id);
		}

	}

}
