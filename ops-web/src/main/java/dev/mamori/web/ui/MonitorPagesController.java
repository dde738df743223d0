package dev.mamori.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mamori.core.Role;
import dev.mamori.monitor.InvalidMonitorException;
import dev.mamori.monitor.MonitorConflictException;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorDurations;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorType;
import dev.mamori.web.security.RequestActors;
import jakarta.servlet.http.HttpServletRequest;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.ResultView;
import dev.mamori.monitor.Uptimes;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Monitors with state, uptime and a response-time sparkline, and incidents, open and closed.
 */
@Controller
class MonitorPagesController {

	private static final int POINTS = 48;

	private final MonitorService monitors;

	private final Clock clock;

	MonitorPagesController(MonitorService monitors, Clock clock) {
		this.monitors = monitors;
		this.clock = clock;
	}

	@GetMapping("/monitors")
	String monitors(Model model) {
		Instant now = this.clock.instant();
		List<Row> rows = new ArrayList<>();
		for (MonitorView monitor : this.monitors.list(false)) {
			List<ResultView> results = this.monitors.results(monitor.id(), now.minus(Duration.ofDays(1)), now.plusSeconds(1));
			rows.add(new Row(monitor, this.monitors.uptime(monitor.id()), sparkline(results, now)));
		}
		model.addAttribute("rows", rows);
		model.addAttribute("zone", ZoneId.systemDefault());
		return "monitors";
	}

	@GetMapping("/incidents")
	String incidents(Model model) {
		model.addAttribute("open", this.monitors.incidents(true, null));
		model.addAttribute("closed", this.monitors.incidents(false, null).stream().limit(100).toList());
		model.addAttribute("zone", ZoneId.systemDefault());
		return "incidents";
	}

	@GetMapping("/monitors/{id}")
	String monitor(@PathVariable long id, Authentication authentication, Model model) {
		Role role = RequestActors.role(authentication).orElse(Role.VIEWER);
		MonitorView monitor = this.monitors.get(id, role == Role.ADMIN);
		Instant now = this.clock.instant();
		List<ResultView> results = this.monitors.results(id, now.minus(Duration.ofDays(1)), now.plusSeconds(1));
		model.addAttribute("monitor", monitor);
		model.addAttribute("role", role);
		model.addAttribute("uptime", this.monitors.uptime(id));
		model.addAttribute("chart", Chart.of(results, now));
		model.addAttribute("recent", results.stream().limit(20).toList());
		model.addAttribute("incidents", this.monitors.incidents(null, id).stream().limit(20).toList());
		model.addAttribute("zone", ZoneId.systemDefault());
		return "monitor";
	}

	@GetMapping("/monitors/new")
	String form(Model model) {
		model.addAttribute("form", new MonitorForm("", "HTTP", "", "", null, "60s", 3, 2, "", "", "", ""));
		return "monitor-form";
	}

	@PostMapping("/monitors")
	String create(@ModelAttribute("form") MonitorForm form, Authentication authentication, HttpServletRequest request,
			Model model) {
		try {
			MonitorView created = this.monitors.create(form.name(), form.toDefinition(),
					RequestActors.actor(authentication, request));
			return "redirect:/monitors/" + created.id();
		}
		catch (InvalidMonitorException ex) {
			model.addAttribute("errorField", ex.getField());
			model.addAttribute("error", ex.getMessage());
		}
		catch (MonitorConflictException ex) {
			model.addAttribute("errorField", "name");
			model.addAttribute("error", ex.getMessage());
		}
		return "monitor-form";
	}

	@PostMapping("/monitors/{id}/pause")
	String pause(@PathVariable long id, Authentication authentication, HttpServletRequest request) {
		this.monitors.setPaused(id, true, RequestActors.actor(authentication, request));
		return "redirect:/monitors/" + id;
	}

	@PostMapping("/monitors/{id}/resume")
	String resume(@PathVariable long id, Authentication authentication, HttpServletRequest request) {
		this.monitors.setPaused(id, false, RequestActors.actor(authentication, request));
		return "redirect:/monitors/" + id;
	}

	/**
	 * The create form: HTTP, TCP, certificate and heartbeat monitors only.
	 * @param name unique name
	 * @param type HTTP, TCP, CERTIFICATE or HEARTBEAT
	 * @param url URL (HTTP, certificate)
	 * @param host host (TCP)
	 * @param port port (TCP)
	 * @param interval interval such as 60s
	 * @param failureThreshold failures before DOWN
	 * @param successThreshold successes before an incident closes
	 * @param jsonPath JSON path (HTTP)
	 * @param jsonEquals expected value (HTTP)
	 * @param period heartbeat period
	 * @param app app id, optional
	 */
	record MonitorForm(String name, String type, String url, String host, Integer port, String interval,
			Integer failureThreshold, Integer successThreshold, String jsonPath, String jsonEquals, String period,
			String app) {

		MonitorDefinition toDefinition() {
			MonitorType monitorType;
			try {
				monitorType = MonitorType.valueOf(this.type);
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw new InvalidMonitorException("type", "choose a type");
			}
			Duration every = MonitorDurations.parse("interval", this.interval, Duration.ofSeconds(60));
			return new MonitorDefinition(monitorType, blank(this.app), every, Duration.ofSeconds(10),
					(this.failureThreshold != null) ? this.failureThreshold : 3,
					(this.successThreshold != null) ? this.successThreshold : 2, Duration.ZERO, false, null, null,
					blank(this.url), "GET", null, null, null, blank(this.jsonPath), blank(this.jsonEquals), null,
					blank(this.host), this.port, null, null, null, null, null, null, null, null, null,
					MonitorDurations.parse("period", this.period, null), Duration.ofSeconds(60));
		}


		private static String blank(String text) {
			return (text == null || text.isBlank()) ? null : text.trim();
		}

	}

	/**
	 * A response-time chart of the last 24 hours (or since the first result, when later): one point
	 * per result with a response time.
	 * @param points x,y pairs in a 600 x 150 box (x time, y response time, higher is slower)
	 * @param maxMs the slowest response, the top of the box
	 * @param downXs x of each failed check, drawn as red marks
	 */
	record Chart(List<double[]> points, long maxMs, List<Double> downXs) {

		static Chart of(List<ResultView> results, Instant now) {
			// The axis covers the results there are, at most 24 hours: a new monitor fills the width.
			long earliest = results.stream().mapToLong((r) -> r.checkedAt().toEpochMilli()).min().orElse(now.toEpochMilli());
			long start = Math.max(now.toEpochMilli() - Duration.ofDays(1).toMillis(), earliest);
			long span = Math.max(1000, now.toEpochMilli() - start);
			long max = Math.max(1, results.stream().filter((r) -> r.responseMs() != null)
				.mapToLong(ResultView::responseMs).max().orElse(1));
			List<double[]> points = new ArrayList<>();
			List<Double> down = new ArrayList<>();
			for (ResultView r : results) {
				double x = 600.0 * (r.checkedAt().toEpochMilli() - start) / span;
				if (!r.up()) {
					down.add(x);
				}
				if (r.responseMs() != null) {
					points.add(new double[] { x, 145 - 140.0 * r.responseMs() / max });
				}
			}
			return new Chart(points, max, down);
		}

		public String polyline() {
			StringBuilder out = new StringBuilder();
			for (int i = this.points.size() - 1; i >= 0; i--) {
				out.append(String.format(Locale.ROOT, "%.1f,%.1f ", this.points.get(i)[0], this.points.get(i)[1]));
			}
			return out.toString().strip();
		}

	}

	/**
	 * SVG polyline points (x 0..100, y 0..20, larger response time higher) of the last 24 hours in
	 * {@value #POINTS} buckets; empty without response times.
	 */
	static String sparkline(List<ResultView> results, Instant now) {
		double[] sum = new double[POINTS];
		int[] count = new int[POINTS];
		long span = Duration.ofDays(1).toMillis();
		long start = now.toEpochMilli() - span;
		for (ResultView result : results) {
			if (result.responseMs() == null) {
				continue;
			}
			int bucket = (int) Math.min(POINTS - 1, Math.max(0, (result.checkedAt().toEpochMilli() - start) * POINTS / span));
			sum[bucket] += result.responseMs();
			count[bucket]++;
		}
		double max = 1;
		for (int i = 0; i < POINTS; i++) {
			if (count[i] > 0) {
				max = Math.max(max, sum[i] / count[i]);
			}
		}
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < POINTS; i++) {
			if (count[i] > 0) {
				double x = 100.0 * i / (POINTS - 1);
				double y = 19 - 18 * (sum[i] / count[i]) / max;
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
			}
		}
		return points.toString().strip();
	}

	/**
	 * @param monitor the monitor
	 * @param uptime its uptime
	 * @param sparkline SVG points of its response times over 24 h
	 */
	record Row(MonitorView monitor, Uptimes uptime, String sparkline) {
	}

}
