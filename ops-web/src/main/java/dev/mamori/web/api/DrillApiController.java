package dev.mamori.web.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.DrillWatch;
import dev.mamori.backup.RecoveryStatus;
import dev.mamori.core.Actor;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Restore drills: OPERATOR starts one (the snapshot the app's drill settings pick, or a chosen one);
 * VIEWER reads the history, each drill with its steps, its report, and the app's restorability and
 * recovery objectives.
 */
@RestController
class DrillApiController {

	private final DrillService drills;

	private final DrillWatch watch;

	DrillApiController(DrillService drills, DrillWatch watch) {
		this.drills = drills;
		this.watch = watch;
	}

	@PostMapping("/api/apps/{app}/drills")
	ResponseEntity<BackupApiController.RunStarted> start(@PathVariable String app,
			@RequestBody(required = false) DrillRequest body, Actor actor) {
		DrillRunView run = this.drills.start(app, (body != null) ? body.snapshot() : null, actor);
		return ResponseEntity.accepted()
			.location(URI.create("/api/drills/" + run.id()))
			.body(new BackupApiController.RunStarted(run.id(), run.status()));
	}

	@GetMapping("/api/apps/{app}/drills")
	List<DrillRunView> history(@PathVariable String app) {
		return this.drills.history(app);
	}

	@GetMapping("/api/drills/{id}")
	DrillRunView get(@PathVariable long id) {
		return this.drills.run(id);
	}

	/** In the language of {@code Accept-Language} (Japanese or English), times in the server's zone. */
	@GetMapping(path = "/api/drills/{id}/report", produces = "text/markdown;charset=UTF-8")
	String report(@PathVariable long id, Locale locale) {
		return this.drills.report(id, locale, java.time.ZoneId.systemDefault());
	}

	@GetMapping("/api/apps/{app}/recovery")
	RecoveryStatus recovery(@PathVariable String app) {
		return this.watch.status(app);
	}

	/**
	 * @param snapshot the snapshot id to drill; left out, the app's drill settings pick one
	 */
	record DrillRequest(@Positive Long snapshot) {
	}

}
