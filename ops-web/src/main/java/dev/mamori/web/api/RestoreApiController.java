package dev.mamori.web.api;

import java.net.URI;
import java.util.List;

import dev.mamori.backup.RestoreNotFoundException;
import dev.mamori.backup.RestoreRunView;
import dev.mamori.backup.RestoreService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
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

	RestoreApiController(RestoreService restores) {
		this.restores = restores;
	}

	@PostMapping("/api/apps/{app}/restores")
	ResponseEntity<?> restore(@PathVariable String app, @Valid @RequestBody RestoreRequest body,
			Authentication authentication, HttpServletRequest request) {
		List<String> sources = (body.sources() != null) ? body.sources() : List.of();
		if (Boolean.TRUE.equals(body.dryRun())) {
			return ResponseEntity.ok(this.restores.plan(app, body.snapshot(), sources));
		}
		RestoreRunView run = this.restores.start(app, body.snapshot(), sources, body.confirm(),
				CurrentCaller.of(authentication, request).actor());
		return ResponseEntity.accepted()
			.location(URI.create("/api/restores/" + run.id()))
			.body(new BackupApiController.RunStarted(run.id(), run.status().name()));
	}

	@GetMapping("/api/restores/{id}")
	RestoreRunView get(@PathVariable long id) {
		return this.restores.run(id).orElseThrow(() -> new RestoreNotFoundException(id));
	}

	@GetMapping(path = "/api/restores/{id}/report", produces = "text/markdown;charset=UTF-8")
	String report(@PathVariable long id) {
		return this.restores.report(id);
	}

	@GetMapping("/api/restores")
	List<RestoreRunView> history(@RequestParam(required = false) String app) {
		return this.restores.history(app);
	}

	/**
	 * @param snapshot the snapshot id to restore
	 * @param sources source ids to restore; all when left out
	 * @param confirm the app id, typed out
	 * @param dryRun only return the plan
	 */
	record RestoreRequest(@NotNull Long snapshot, List<String> sources, String confirm, Boolean dryRun) {
	}

}
