package dev.mamori.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.mamori.monitor.IncidentView;
import dev.mamori.monitor.MonitorNotFoundException;
import dev.mamori.monitor.MonitorService;
import dev.mamori.web.security.RequestActors;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Incidents, open and closed; one incident with its timeline (opened, notifications, remediation
 * attempts, escalation, acknowledgement, resolution) and, for OPERATOR, the acknowledge button.
 */
@Controller
class IncidentPagesController {

	private static final Duration CHECKS_BEFORE = Duration.ofMinutes(15);

	private static final int MAX_CHECKS = 200;

	private final MonitorService monitors;

	private final Clock clock;

	IncidentPagesController(MonitorService monitors, Clock clock) {
		this.monitors = monitors;
		this.clock = clock;
	}

	@GetMapping("/incidents")
	String incidents(Model model) {
		model.addAttribute("open", this.monitors.incidents(true, null));
		model.addAttribute("closed", this.monitors.incidents(false, null).stream().limit(100).toList());
		return "incidents";
	}

	@GetMapping("/incidents/{id}")
	String incident(@PathVariable long id, Model model) {
		IncidentView incident = this.monitors.incident(id);
		List<Entry> timeline = new ArrayList<>();
		incident.timeline().forEach((e) -> timeline.add(new Entry(e.at(), e.kind(), e.message(), e.details(), 1, e.at())));
		// The checks from a little before it opened (the failures that opened it) to its end, while the raw
		// results are kept (24 hours).
		Instant to = (incident.closedAt() != null) ? incident.closedAt().plusSeconds(1) : this.clock.instant().plusSeconds(1);
		try {
			this.monitors.results(incident.monitorId(), incident.openedAt().minus(CHECKS_BEFORE), to)
				.stream()
				.limit(MAX_CHECKS)
				.forEach((r) -> timeline.add(new Entry(r.checkedAt(), r.up() ? "CHECK_UP" : "CHECK_DOWN", r.message(),
						(r.responseMs() != null) ? r.responseMs() + " ms" : null, 1, r.checkedAt())));
		}
		catch (MonitorNotFoundException ex) {
			// The monitor was deleted; its incidents stay, its results went with it.
		}
		timeline.sort(Comparator.comparing(Entry::at));
		model.addAttribute("incident", incident);
		model.addAttribute("timeline", collapse(timeline));
		return "incident";
	}

	@PostMapping("/incidents/{id}/ack")
	String acknowledge(@PathVariable long id, Authentication authentication, HttpServletRequest request) {
		this.monitors.acknowledge(id, RequestActors.actor(authentication, request));
		return "redirect:/incidents/" + id;
	}

	/**
	 * Consecutive checks with the same outcome and message become one line with a count, so the
	 * notifications and remediation attempts between them stay in view.
	 */
	static List<Entry> collapse(List<Entry> sorted) {
		List<Entry> out = new ArrayList<>();
		for (Entry entry : sorted) {
			Entry last = out.isEmpty() ? null : out.get(out.size() - 1);
			if (last != null && entry.kind().startsWith("CHECK_") && last.kind().equals(entry.kind())
					&& Objects.equals(last.message(), entry.message())) {
				out.set(out.size() - 1, new Entry(last.at(), last.kind(), last.message(), null, last.count() + 1, entry.at()));
			}
			else {
				out.add(entry);
			}
		}
		return out;
	}

	/**
	 * One line of an incident's timeline.
	 * @param at when
	 * @param kind an incident event ({@code OPENED}, {@code NOTIFIED}, ...) or {@code CHECK_UP} /
	 * {@code CHECK_DOWN}
	 * @param message one line
	 * @param details facts (JSON for events, the response time for a single check), or {@code null}
	 * @param count how many consecutive checks the line stands for (1 for events)
	 * @param until the time of the last of them
	 */
	record Entry(Instant at, String kind, String message, String details, int count, Instant until) {
	}

}
