package dev.mamori.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.monitor.InvalidMonitorException;
import dev.mamori.monitor.MonitorConflictException;
import dev.mamori.monitor.MonitorService.RollupView;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.ResultView;
import dev.mamori.monitor.Uptimes;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Monitors with state, uptime and a response-time sparkline; a monitor's detail with its chart over
 * 24 hours, 7 or 30 days; the form that creates and edits HTTP, TCP, certificate and heartbeat
 * monitors, and deletion.
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
		List<Row> rows = new ArrayList<>();
		// Uptimes and response times of all monitors in a few queries, not a few per monitor.
		Map<Long, Uptimes> uptimes = this.monitors.uptimes();
		Map<Long, List<Double>> responseTimes = this.monitors.halfHourResponseTimes(POINTS);
		Uptimes none = new Uptimes(null, null, null);
		for (MonitorView monitor : this.monitors.list(false)) {
			rows.add(new Row(monitor, uptimes.getOrDefault(monitor.id(), none),
					sparkline(responseTimes.getOrDefault(monitor.id(), List.of()))));
		}
		model.addAttribute("rows", rows);
		return "monitors/monitors";
	}

	@GetMapping("/monitors/{id}")
	String monitor(@PathVariable long id, @RequestParam(defaultValue = "24h") String range, Model model) {
		Role role = (Role) model.getAttribute("role");
		MonitorView monitor = this.monitors.get(id, role == Role.ADMIN);
		Instant now = this.clock.instant();
		Duration span = switch (range) {
			case "7d" -> Duration.ofDays(7);
			case "30d" -> Duration.ofDays(30);
			default -> Duration.ofDays(1);
		};
		List<ResultView> results = this.monitors.results(id, now.minus(Duration.ofDays(1)), now.plusSeconds(1));
		List<Chart.Point> points = new ArrayList<>();
		if (span.toDays() <= 1) {
			results.forEach((r) -> points.add(Chart.Point.of(r)));
		}
		else {
			// Longer ranges from the hourly rollups, plus the raw results of the hours not rolled up yet.
			List<RollupView> hours = this.monitors.rollups(id, "HOUR", now.minus(span), now.plusSeconds(1));
			hours.forEach((h) -> points.add(new Chart.Point(h.start().plus(Duration.ofMinutes(30)), h.avgMs(), h.down() > 0)));
			Instant covered = hours.isEmpty() ? Instant.MIN : hours.get(hours.size() - 1).start().plus(Duration.ofHours(1));
			results.stream()
				.filter((r) -> !r.checkedAt().isBefore(covered))
				.forEach((r) -> points.add(Chart.Point.of(r)));
		}
		model.addAttribute("monitor", monitor);
		if (monitor.heartbeatPath() != null) {
			// The address as this browser reaches Mamori; behind a proxy, its forwarded headers apply.
			model.addAttribute("heartbeatUrl",
					ServletUriComponentsBuilder.fromCurrentContextPath().path(monitor.heartbeatPath()).toUriString());
		}
		model.addAttribute("editable", !monitor.fromConfig());
		model.addAttribute("range", (span.toDays() >= 30) ? "30d" : ((span.toDays() >= 7) ? "7d" : "24h"));
		model.addAttribute("uptime", this.monitors.uptime(id));
		model.addAttribute("chart", Chart.of(points, now, span));
		model.addAttribute("recent", results.stream().limit(20).toList());
		model.addAttribute("history", StateRun.of(results));
		model.addAttribute("incidents", this.monitors.incidents(null, id).stream().limit(20).toList());
		return "monitors/monitor";
	}

	@GetMapping("/monitors/new")
	String form(Model model) {
		model.addAttribute("form", MonitorForm.empty());
		model.addAttribute("types", MonitorForm.TYPES);
		return "monitors/form";
	}

	@PostMapping("/monitors")
	String create(@ModelAttribute("form") MonitorForm form, Actor actor,
			Model model) {
		try {
			MonitorView created = this.monitors.create(form.name(), form.apply(null),
					actor);
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
		model.addAttribute("types", MonitorForm.TYPES);
		return "monitors/form";
	}

	@GetMapping("/monitors/{id}/edit")
	String edit(@PathVariable long id, Model model) {
		MonitorView monitor = this.monitors.get(id, false);
		if (monitor.fromConfig()) {
			throw new MonitorConflictException("Monitor '" + monitor.name() + "' is declared in the configuration file "
					+ "and cannot be changed here; change mamori.monitors." + monitor.name() + " there");
		}
		model.addAttribute("monitorId", id);
		model.addAttribute("form", MonitorForm.of(monitor.name(), monitor.definition()));
		model.addAttribute("types", MonitorForm.TYPES);
		return "monitors/form";
	}

	@PostMapping("/monitors/{id}")
	String update(@PathVariable long id, @ModelAttribute("form") MonitorForm form, Actor actor, Model model) {
		try {
			this.monitors.edit(id, form::apply, actor);
			return "redirect:/monitors/" + id;
		}
		catch (InvalidMonitorException ex) {
			model.addAttribute("errorField", ex.getField());
			model.addAttribute("error", ex.getMessage());
		}
		catch (MonitorConflictException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("monitorId", id);
		model.addAttribute("types", MonitorForm.TYPES);
		return "monitors/form";
	}

	@PostMapping("/monitors/{id}/delete")
	String delete(@PathVariable long id, Actor actor,
			RedirectAttributes redirect) {
		String name = this.monitors.get(id, false).name();
		this.monitors.delete(id, actor);
		redirect.addFlashAttribute("deleted", name);
		return "redirect:/monitors";
	}

	@PostMapping("/monitors/{id}/pause")
	String pause(@PathVariable long id, Actor actor) {
		this.monitors.setPaused(id, true, actor);
		return "redirect:/monitors/" + id;
	}

	@PostMapping("/monitors/{id}/resume")
	String resume(@PathVariable long id, Actor actor) {
		this.monitors.setPaused(id, false, actor);
		return "redirect:/monitors/" + id;
	}

	/**
	 * A response-time chart over a range (or since the first point, when later): one point per result
	 * or per hourly rollup with a response time.
	 * @param points x,y pairs in a 600 x 150 box (x time, y response time, higher is slower)
	 * @param maxMs the slowest response, the top of the box
	 * @param downXs x of each failed check (or hour with a failure), drawn as red marks
	 */
	record Chart(List<double[]> points, long maxMs, List<Double> downXs) {

		static Chart of(List<Point> data, Instant now, Duration range) {
			// The axis covers the data there is, at most the range: a new monitor fills the width.
			long earliest = data.stream().mapToLong((p) -> p.at().toEpochMilli()).min().orElse(now.toEpochMilli());
			long start = Math.max(now.toEpochMilli() - range.toMillis(), earliest);
			long span = Math.max(1000, now.toEpochMilli() - start);
			long max = Math.max(1, data.stream().filter((p) -> p.ms() != null).mapToLong(Point::ms).max().orElse(1));
			List<double[]> points = new ArrayList<>();
			List<Double> down = new ArrayList<>();
			for (Point p : data.stream().sorted(Comparator.comparing(Point::at)).toList()) {
				double x = Math.max(0, Math.min(600, 600.0 * (p.at().toEpochMilli() - start) / span));
				if (p.down()) {
					down.add(x);
				}
				if (p.ms() != null) {
					points.add(new double[] { x, 145 - 140.0 * p.ms() / max });
				}
			}
			return new Chart(points, max, down);
		}

		public String polyline() {
			StringBuilder out = new StringBuilder();
			for (double[] point : this.points) {
				out.append(String.format(Locale.ROOT, "%.1f,%.1f ", point[0], point[1]));
			}
			return out.toString().strip();
		}

		/**
		 * @param at when
		 * @param ms the response time, or {@code null}
		 * @param down whether the check (or one in the hour) failed
		 */
		record Point(Instant at, Long ms, boolean down) {

			static Point of(ResultView result) {
				return new Point(result.checkedAt(), result.responseMs(), !result.up() && !result.maintenance());
			}

		}

	}

	/**
	 * One stretch of the state history: consecutive checks with the same outcome.
	 * @param state {@code UP}, {@code DOWN} or {@code MAINTENANCE}
	 * @param from the first check of the stretch
	 * @param to the last check of the stretch
	 * @param checks how many checks it holds
	 */
	record StateRun(String state, Instant from, Instant to, int checks) {

		/**
		 * @param newestFirst results, newest first
		 * @return the stretches, newest first
		 */
		static List<StateRun> of(List<ResultView> newestFirst) {
			List<StateRun> runs = new ArrayList<>();
			for (int i = newestFirst.size() - 1; i >= 0; i--) {
				ResultView r = newestFirst.get(i);
				String state = r.maintenance() ? "MAINTENANCE" : (r.up() ? "UP" : "DOWN");
				StateRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
				if (last != null && last.state().equals(state)) {
					runs.set(runs.size() - 1, new StateRun(state, last.from(), r.checkedAt(), last.checks() + 1));
				}
				else {
					runs.add(new StateRun(state, r.checkedAt(), r.checkedAt(), 1));
				}
			}
			java.util.Collections.reverse(runs);
			return runs;
		}

	}

	/**
	 * SVG polyline points (x 0..100, y 0..20, larger response time higher) of the last 24 hours in
	 * {@value #POINTS} half hours of the clock (the last one the current half hour); empty without
	 * response times.
	 * @param averages the average response time of each bucket, oldest first, {@code null} where
	 * there is none (as {@link MonitorService#responseTimes} gives them)
	 */
	static String sparkline(List<Double> averages) {
		double max = 1;
		for (Double average : averages) {
			if (average != null) {
				max = Math.max(max, average);
			}
		}
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < averages.size(); i++) {
			if (averages.get(i) != null) {
				double x = 100.0 * i / (POINTS - 1);
				double y = 19 - 18 * averages.get(i) / max;
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
