package dev.mamori.web.api;

import java.util.List;

import dev.mamori.monitor.logs.LogService;
import dev.mamori.monitor.logs.LogView;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The declared log sources, read-only (VIEWER): the end of a log, searched, bounded, secrets masked.
 */
@RestController
class LogApiController {

	private final LogService logs;

	LogApiController(LogService logs) {
		this.logs = logs;
	}

	@GetMapping("/api/logs")
	List<LogSourceView> list() {
		return this.logs.ids().stream().map((id) -> new LogSourceView(id, this.logs.appOf(id))).toList();
	}

	@GetMapping("/api/logs/{id}")
	LogView read(@PathVariable String id, @RequestParam(defaultValue = "0") int lines,
			@RequestParam(required = false) String search) {
		return this.logs.read(id, lines, search);
	}

	/**
	 * @param id log source id
	 * @param app its app
	 */
	record LogSourceView(String id, String app) {
	}

}
