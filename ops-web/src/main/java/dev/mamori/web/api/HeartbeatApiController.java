package dev.mamori.web.api;

import dev.mamori.monitor.MonitorService;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Heartbeat pings from cron jobs: no login, the random token in the path is the secret. An unknown
 * token gets a 404 that says nothing about other tokens.
 */
@RestController
class HeartbeatApiController {

	private final MonitorService monitors;

	HeartbeatApiController(MonitorService monitors) {
		this.monitors = monitors;
	}

	@RequestMapping(path = "/api/heartbeat/{token}", method = { RequestMethod.GET, RequestMethod.POST,
			RequestMethod.HEAD })
	ResponseEntity<String> ping(@PathVariable String token, HttpServletRequest request) {
		this.monitors.heartbeat(token, false, request.getRemoteAddr());
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("OK\n");
	}

	@RequestMapping(path = "/api/heartbeat/{token}/fail", method = { RequestMethod.GET, RequestMethod.POST })
	ResponseEntity<String> fail(@PathVariable String token, HttpServletRequest request) {
		this.monitors.heartbeat(token, true, request.getRemoteAddr());
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("OK\n");
	}

}
