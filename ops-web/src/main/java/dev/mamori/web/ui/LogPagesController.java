package dev.mamori.web.ui;

import dev.mamori.monitor.logs.LogNotFoundException;
import dev.mamori.monitor.logs.LogService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An app's log source: the last lines, a search, and "follow" (the lines refreshed every two
 * seconds in place).
 */
@Controller
class LogPagesController {

	private final LogService logs;

	LogPagesController(LogService logs) {
		this.logs = logs;
	}

	@GetMapping("/apps/{app}/logs/{id}")
	String log(@PathVariable String app, @PathVariable String id, @RequestParam(defaultValue = "0") int lines,
			@RequestParam(required = false) String search, @RequestParam(defaultValue = "false") boolean follow,
			Model model) {
		model.addAttribute("log", read(app, id, lines, search));
		model.addAttribute("lines", lines);
		model.addAttribute("follow", follow);
		model.addAttribute("sources", this.logs.ofApp(app));
		return "logs/log";
	}

	/** The lines alone, for following. */
	@GetMapping("/apps/{app}/logs/{id}/lines")
	String lines(@PathVariable String app, @PathVariable String id, @RequestParam(defaultValue = "0") int lines,
			@RequestParam(required = false) String search, Model model) {
		model.addAttribute("log", read(app, id, lines, search));
		return "logs/log :: lines";
	}

	private dev.mamori.monitor.logs.LogView read(String app, String id, int lines, String search) {
		if (!this.logs.ids().contains(id) || !this.logs.appOf(id).equals(app)) {
			throw new LogNotFoundException(id);
		}
		return this.logs.read(id, lines, search);
	}

}
