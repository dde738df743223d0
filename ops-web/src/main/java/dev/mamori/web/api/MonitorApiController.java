package dev.mamori.web.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.monitor.InvalidMonitorException;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.ResultView;
import dev.mamori.monitor.Uptimes;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Monitors: VIEWER reads, OPERATOR pauses and resumes, ADMIN creates, changes and deletes (HTTP,
 * TCP, certificate and heartbeat only) and sees heartbeat push paths. Roles are enforced by the API
 * filter chain.
 */
@RestController
class MonitorApiController {

	private final MonitorService monitors;

	MonitorApiController(MonitorService monitors) {
		this.monitors = monitors;
	}

	@GetMapping("/api/monitors")
	List<MonitorView> list(CurrentCaller caller) {
		return this.monitors.list(caller.role() == Role.ADMIN);
	}

	@GetMapping("/api/monitors/{id}")
	MonitorView get(@PathVariable long id, CurrentCaller caller) {
		return this.monitors.get(id, caller.role() == Role.ADMIN);
	}

	@PostMapping("/api/monitors")
	ResponseEntity<MonitorView> create(@RequestBody MonitorRequest body, Actor actor) {
		if (body.name() == null || body.name().isBlank()) {
			throw new InvalidMonitorException("name", "required");
		}
		MonitorView created = this.monitors.create(body.name(), body.toDefinition(),
				actor);
		return ResponseEntity.created(URI.create("/api/monitors/" + created.id())).body(created);
	}

	@PutMapping("/api/monitors/{id}")
	MonitorView update(@PathVariable long id, @RequestBody MonitorRequest body, Actor actor) {
		return this.monitors.update(id, body.toDefinition(), actor);
	}

	@DeleteMapping("/api/monitors/{id}")
	ResponseEntity<Void> delete(@PathVariable long id, Actor actor) {
		this.monitors.delete(id, actor);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/monitors/{id}/pause")
	MonitorView pause(@PathVariable long id, Actor actor) {
		return this.monitors.setPaused(id, true, actor);
	}

	@PostMapping("/api/monitors/{id}/resume")
	MonitorView resume(@PathVariable long id, Actor actor) {
		return this.monitors.setPaused(id, false, actor);
	}

	@GetMapping("/api/monitors/{id}/results")
	List<ResultView> results(@PathVariable long id, @RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to) {
		Instant end = (to != null) ? to : Instant.now().plusSeconds(1);
		Instant start = (from != null) ? from : end.minus(Duration.ofDays(1));
		if (!start.isBefore(end)) {
			throw new InvalidMonitorException("from", "must be before 'to'");
		}
		return this.monitors.results(id, start, end);
	}

	@GetMapping("/api/monitors/{id}/rollups")
	List<MonitorService.RollupView> rollups(@PathVariable long id, @RequestParam(defaultValue = "HOUR") String period,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
		if (!period.equals("HOUR") && !period.equals("DAY")) {
			throw new InvalidMonitorException("period", "HOUR or DAY");
		}
		Instant end = (to != null) ? to : Instant.now();
		Instant start = (from != null) ? from : end.minus(Duration.ofDays(period.equals("HOUR") ? 7 : 365));
		return this.monitors.rollups(id, period, start, end);
	}

	@GetMapping("/api/monitors/{id}/uptime")
	Uptimes uptime(@PathVariable long id) {
		return this.monitors.uptime(id);
	}

}
