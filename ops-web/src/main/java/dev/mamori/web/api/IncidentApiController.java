package dev.mamori.web.api;

import java.util.List;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.monitor.IncidentView;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.alert.NotificationView;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incidents (VIEWER reads, OPERATOR acknowledges) and notifications (ADMIN lists them and sends a
 * test).
 */
@RestController
class IncidentApiController {

	private final MonitorService monitors;

	IncidentApiController(MonitorService monitors) {
		this.monitors = monitors;
	}

	@GetMapping("/api/incidents")
	List<IncidentView> incidents(@RequestParam(required = false) Boolean open,
			@RequestParam(required = false) Long monitor) {
		return this.monitors.incidents(open, monitor);
	}

	@GetMapping("/api/incidents/{id}")
	IncidentView incident(@PathVariable long id) {
		return this.monitors.incident(id);
	}

	@PostMapping("/api/incidents/{id}/ack")
	IncidentView acknowledge(@PathVariable long id, Actor actor) {
		return this.monitors.acknowledge(id, actor);
	}

	@PostMapping("/api/notifications/test")
	ResponseEntity<Map<String, List<Long>>> test(Actor actor) {
		List<Long> ids = this.monitors.sendTestNotification(actor);
		return ResponseEntity.accepted().body(Map.of("notifications", ids));
	}

	@GetMapping("/api/notifications")
	List<NotificationView> notifications(@RequestParam(defaultValue = "100") int limit) {
		return this.monitors.notifications(Math.max(1, Math.min(limit, 1000)));
	}

}
