package dev.mamori.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.core.Actor;
import dev.mamori.monitor.IncidentView;
import dev.mamori.monitor.MonitorNotFoundException;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.ResultView;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
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

	/** How many checks before the incident opened show how it started. */
	static final int CHECKS_BEFORE_OPENING = 3;

	private static final int MAX_CHECKS = 200;

	/** Remediator's English escalation line, told again in the viewer's language. */
	private static final Pattern ESCALATED = Pattern.compile("manual intervention required: (\\d+) attempt\\(s\\) of (.*) did not help");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MonitorService monitors;

	private final MessageSource messages;

	private final Clock clock;

	IncidentPagesController(MonitorService monitors, MessageSource messages, Clock clock) {
		this.monitors = monitors;
		this.messages = messages;
		this.clock = clock;
	}

	@GetMapping("/incidents")
	String incidents(Model model) {
		model.addAttribute("open", this.monitors.incidents(true, null));
		model.addAttribute("closed", this.monitors.incidents(false, null).stream().limit(100).toList());
		return "incidents/incidents";
	}

	@GetMapping("/incidents/{id}")
	String incident(@PathVariable long id, Model model, Locale locale) {
		IncidentView incident = this.monitors.incident(id);
		List<Entry> timeline = new ArrayList<>();
		incident.timeline().forEach((e) -> timeline.add(event(e, locale)));
		// The checks from a little before it opened (the failures that opened it) to its end, while the raw
		// results are kept (24 hours); never those of the monitor's previous incident.
		Instant to = (incident.closedAt() != null) ? incident.closedAt().plusSeconds(1) : this.clock.instant().plusSeconds(1);
		try {
			Instant previousEnd = this.monitors.incidents(null, incident.monitorId())
				.stream()
				.filter((other) -> other.id() != incident.id() && other.openedAt().isBefore(incident.openedAt()))
				.map((other) -> (other.closedAt() != null) ? other.closedAt() : other.openedAt())
				.max(Comparator.naturalOrder())
				.orElse(null);
			window(this.monitors.results(incident.monitorId(), incident.openedAt().minus(CHECKS_BEFORE), to),
					incident.openedAt(), previousEnd)
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
		return "incidents/incident";
	}

	/**
	 * The checks that belong to an incident: the last {@value #CHECKS_BEFORE_OPENING} before it opened
	 * (how it started) and all from its opening on, none from before the end of the monitor's previous
	 * incident.
	 * @param results checks, oldest first
	 * @param openedAt when the incident opened
	 * @param previousEnd when the monitor's previous incident closed, or {@code null}
	 * @return the checks to show, oldest first
	 */
	static List<ResultView> window(List<ResultView> results, Instant openedAt, Instant previousEnd) {
		List<ResultView> before = results.stream()
			.filter((r) -> r.checkedAt().isBefore(openedAt))
			.filter((r) -> previousEnd == null || r.checkedAt().isAfter(previousEnd))
			.toList();
		List<ResultView> out = new ArrayList<>(before.subList(Math.max(0, before.size() - CHECKS_BEFORE_OPENING),
				before.size()));
		results.stream().filter((r) -> !r.checkedAt().isBefore(openedAt)).forEach(out::add);
		return out;
	}

	/** An event in the viewer's language: a remediation attempt as one readable line, its output apart. */
	private Entry event(IncidentView.Event e, Locale locale) {
		String message = e.message();
		String details = e.details();
		if ("REMEDIATION_ATTEMPT".equals(e.kind()) && details != null) {
			try {
				JsonNode d = json.readTree(details);
				String exit = d.path("timedOut").asBoolean(false)
						? this.messages.getMessage("remediation.timedOut", null, locale)
						: this.messages.getMessage("remediation.exited", new Object[] { d.path("exitCode").asText("?") },
								locale);
				message = this.messages.getMessage("remediation.line",
						new Object[] { d.path("attempt").asText("?"), d.path("maxAttempts").asText("?"),
								d.path("command").asText("?"), exit,
								String.format(Locale.ROOT, "%.1f", d.path("durationMs").asLong(0) / 1000.0),
								this.messages.getMessage(d.path("recheckUp").asBoolean(false) ? "remediation.recheckUp"
										: "remediation.recheckDown", null, locale),
								d.path("recheck").asText("") },
						locale);
				String tail = d.path("outputTail").asText("").strip();
				details = tail.isEmpty() ? null
						: this.messages.getMessage("remediation.output", new Object[] { tail }, locale);
			}
			catch (RuntimeException ex) {
				// Not the JSON this version writes: show the summary line, never the raw JSON.
				details = null;
			}
		}
		else if (("NOTIFIED".equals(e.kind()) || "NOTIFY_FAILED".equals(e.kind())) && message != null) {
			// "OPENED: EMAIL to ops@example.com": the alert's kind in the viewer's language.
			int colon = message.indexOf(": ");
			if (colon > 0 && message.substring(0, colon).matches("[A-Z_]+")) {
				String kind = this.messages.getMessage("alertKind." + message.substring(0, colon), null,
						message.substring(0, colon), locale);
				message = kind + ": " + message.substring(colon + 2);
			}
		}
		else if ("ESCALATED".equals(e.kind()) && message != null) {
			Matcher m = ESCALATED.matcher(message);
			if (m.matches()) {
				message = this.messages.getMessage("remediation.escalated", new Object[] { m.group(1), m.group(2) },
						locale);
			}
		}
		return new Entry(e.at(), e.kind(), message, details, 1, e.at());
	}

	@PostMapping("/incidents/{id}/ack")
	String acknowledge(@PathVariable long id, Actor actor) {
		this.monitors.acknowledge(id, actor);
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
	 * @param details more to read (a remediation's output tail, the response time of a single check), or
	 * {@code null}
	 * @param count how many consecutive checks the line stands for (1 for events)
	 * @param until the time of the last of them
	 */
	record Entry(Instant at, String kind, String message, String details, int count, Instant until) {
	}

}
