package dev.mamori.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.SnapshotView;

/**
 * The app page's history chart, drawn by the server as SVG polylines (no script, no CDN): backup size
 * per snapshot and the measured restore time per drill, oldest left, each scaled to its own maximum.
 *
 * @param sizePoints the polyline of archive sizes, in a 300×60 box
 * @param restorePoints the polyline of drill restore times, in a 300×60 box
 * @param maxBytes the largest archive shown
 * @param maxRestoreMillis the longest restore time shown
 * @param sizes how many snapshots are shown
 * @param restores how many drills are shown
 */
record HistoryChart(String sizePoints, String restorePoints, long maxBytes, long maxRestoreMillis, int sizes,
		int restores) {

	static final int WIDTH = 300;

	static final int HEIGHT = 60;

	static HistoryChart of(List<SnapshotView> newestFirst, List<DrillRunView> drillsNewestFirst) {
		List<Long> sizes = new ArrayList<>();
		newestFirst.stream().limit(30).forEach((s) -> sizes.add(0, s.sizeBytes()));
		List<Long> restores = new ArrayList<>();
		drillsNewestFirst.stream().filter((d) -> d.restoreTime() != null).limit(30)
			.forEach((d) -> restores.add(0, d.restoreTime().toMillis()));
		return new HistoryChart(points(sizes), points(restores), max(sizes), max(restores), sizes.size(), restores.size());
	}

	private static long max(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).max().orElse(0);
	}

	private static String points(List<Long> values) {
		long max = Math.max(1, max(values));
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			double x = (values.size() == 1) ? WIDTH / 2.0 : i * (double) WIDTH / (values.size() - 1);
			double y = HEIGHT - 2 - (HEIGHT - 4) * (values.get(i) / (double) max);
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
		}
		return points.toString().strip();
	}

}
