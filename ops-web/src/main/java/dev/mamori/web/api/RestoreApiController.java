package dev.mamori.web.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mamori.backup.RestoreNotFoundException;
import dev.mamori.backup.RestorePlan;
import dev.mamori.backup.RestoreRunView;
import dev.mamori.backup.RestoreService;
import dev.mamori.backup.SnapshotComparison;
import dev.mamori.backup.SnapshotComparisons;
import dev.mamori.core.Actor;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Restores: ADMIN only, with the app id typed as confirmation; a dry run returns the plan and
 * changes nothing. Reading the history needs VIEWER.
 */
@RestController
class RestoreApiController {

	private final RestoreService restores;

	private final SnapshotComparisons comparisons;

	RestoreApiController(RestoreService restores, SnapshotComparisons comparisons) {
		this.restores = restores;
		this.comparisons = comparisons;
	}

	@PostMapping("/api/apps/{app}/restores")
	ResponseEntity<?> restore(@PathVariable String app, @Valid @RequestBody RestoreRequest body,
			Actor actor) {
		List<String> sources = (body.sources() != null) ? body.sources() : List.of();
		if (Boolean.TRUE.equals(body.dryRun())) {
			return ResponseEntity.ok(withShrinkWarnings(
					this.restores.plan(app, body.snapshot(), body.snapshotName(), body.from(), sources), sources));
		}
		RestoreRunView run = this.restores.start(app, body.snapshot(), body.snapshotName(), body.from(), sources,
				body.confirm(), actor);
		return ResponseEntity.accepted()
			.location(URI.create("/api/restores/" + run.id()))
			.body(new BackupApiController.RunStarted(run.id(), run.status().name()));
	}

	@GetMapping("/api/restores/{id}")
	RestoreRunView get(@PathVariable long id) {
		return this.restores.run(id).orElseThrow(() -> new RestoreNotFoundException(id));
	}

	/** The plan's warnings, and those about a sharp shrink of the current data. */
	private RestorePlan withShrinkWarnings(RestorePlan plan, List<String> sources) {
		List<String> warnings = new ArrayList<>((plan.warnings() != null) ? plan.warnings() : List.of());
		this.comparisons.compare(plan.appId(), plan.snapshot())
			.warningsFor(sources)
			.stream()
			.map(SnapshotComparison.Warning::message)
			.forEach(warnings::add);
		return new RestorePlan(plan.appId(), plan.snapshot(), plan.sources(), plan.stopCommand(), plan.startCommand(),
				plan.healthUrl(), plan.safetySnapshot(), List.copyOf(warnings), plan.from(), plan.fromLocation());
	}

	/** In the language of {@code Accept-Language} (Japanese or English), times in the server's zone. */
	@GetMapping(path = "/api/restores/{id}/report", produces = "text/markdown;charset=UTF-8")
	String report(@PathVariable long id, Locale locale) {
		return this.restores.report(id, locale);
	}

	@GetMapping("/api/restores")
	List<RestoreRunView> history(@RequestParam(required = false) String app) {
		return this.restores.history(app);
	}

	/**
	 * @param snapshot the snapshot id to restore (one of {@code snapshot} and {@code snapshotName})
	 * @param snapshotName the archive's name, for a snapshot that exists only off-site (its local archive
	 * deleted, lost or pruned by retention)
	 * @param from {@code local} or a target's id: where the archive is read from; by default the local
	 * destination when the archive is there, else the first target holding a good copy
	 * @param sources source ids to restore; all when left out
	 * @param confirm the app id, typed out
	 * @param dryRun only return the plan
	 */
	record RestoreRequest(Long snapshot, String snapshotName, String from, List<String> sources, String confirm,
			Boolean dryRun) {
	}

}
