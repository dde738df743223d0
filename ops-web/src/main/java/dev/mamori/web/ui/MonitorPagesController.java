package dev.mamori.web.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.ResultView;
import dev.mamori.monitor.Uptimes;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

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
