package dev.mamori.web.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.AppRegistry;
import dev.mamori.monitor.action.ActionRunView;
import dev.mamori.monitor.action.ActionService;
import dev.mamori.monitor.action.ActionView;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The declared actions (read by VIEWER) and their runs: OPERATOR starts actions whose role is
 * OPERATOR, ADMIN every action. The command line is never shown; only the ids and values the
 * configuration file allows can be sent.
 */
@RestController
class ActionApiController {

	private final ActionService actions;

	private final AppRegistry apps;

	ActionApiController(ActionService actions, AppRegistry apps) {
		this.actions = actions;
		this.apps = apps;
	}

	@GetMapping("/api/actions")
	List<ActionView> list() {
		return this.actions.list();
	}

	@GetMapping("/api/actions/{id}")
	ActionView get(@PathVariable String id) {
		return this.actions.get(id);
	}

	@GetMapping("/api/actions/{id}/runs")
	List<ActionRunView> runs(@PathVariable String id, @RequestParam(defaultValue = "20") int limit) {
		return this.actions.runsOfAction(id, Math.max(1, Math.min(limit, 200)));
	}

	@PostMapping("/api/actions/{id}/runs")
	ResponseEntity<ActionRunView> start(@PathVariable String id, @RequestBody(required = false) RunRequest body,
			CurrentCaller caller) {
		if (!this.actions.allowed(id, caller.role())) {
			throw new AccessDeniedException("Action " + id + " needs the role " + this.actions.get(id).role());
		}
		RunRequest request = (body != null) ? body : new RunRequest(null, null);
		ActionRunView run = this.actions.start(id, request.parameters(), request.confirmation(), caller.actor());
		return ResponseEntity.accepted().location(URI.create("/api/action-runs/" + run.id())).body(run);
	}

	@GetMapping("/api/action-runs")
	List<ActionRunView> recent(@RequestParam(defaultValue = "20") int limit) {
		return this.actions.recentRuns(Math.max(1, Math.min(limit, 200)));
	}

	@GetMapping("/api/action-runs/{id}")
	ActionRunView run(@PathVariable long id) {
		return this.actions.run(id);
	}

	/** The output from an offset on, for a client that follows a run. */
	@GetMapping("/api/action-runs/{id}/output")
	ActionService.OutputChunk output(@PathVariable long id, @RequestParam(defaultValue = "0") long from) {
		return this.actions.output(id, from);
	}

	@GetMapping("/api/apps/{app}/action-runs")
	List<ActionRunView> ofApp(@PathVariable String app, @RequestParam(defaultValue = "20") int limit) {
		this.apps.get(app);
		return this.actions.runsOfApp(app, Math.max(1, Math.min(limit, 200)));
	}

	/**
	 * @param parameters a value for each of the action's parameters
	 * @param confirmation the action id, for actions declared with {@code confirm: true}
	 */
	record RunRequest(Map<String, String> parameters, String confirmation) {
	}

}
