package dev.mamori.backup.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mamori.backup.archive.Manifest;

/**
 * Compares a backup with the recent ones (see {@link AnomalyRules}). Pure: the caller chooses the
 * history (earlier backups of the same app, not suspect, not corrupt, no pre-restore archives).
 */
public final class BackupAnomalies {

	private BackupAnomalies() {
	}

	/**
	 * What a backup looked like.
	 * @param sizeBytes the archive's size
	 * @param sources the manifest's sources
	 */
	public record Observation(long sizeBytes, List<Manifest.SourceInfo> sources) {
	}

	/**
	 * @param current the new backup
	 * @param history earlier backups, newest first
	 * @param rules the thresholds
	 * @return why the new backup is suspect; empty when it is not (or there is too little history)
	 */
	public static List<Finding> compare(Observation current, List<Observation> history, AnomalyRules rules) {
		List<Observation> recent = history.subList(0, Math.min(history.size(), rules.window()));
		if (!rules.enabled() || recent.size() < rules.minHistory()) {
			return List.of();
		}
		List<Finding> findings = new ArrayList<>();
		Map<String, Manifest.SourceInfo> now = bySource(current);
		Set<String> sourceIds = new LinkedHashSet<>();
		recent.forEach((o) -> o.sources().forEach((s) -> sourceIds.add(s.id())));
		for (String sourceId : sourceIds) {
			List<Manifest.SourceInfo> past = new ArrayList<>();
			for (Observation o : recent) {
				Manifest.SourceInfo s = bySource(o).get(sourceId);
				if (s != null) {
					past.add(s);
				}
			}
			if (past.size() < rules.minHistory()) {
				continue;
			}
			Manifest.SourceInfo source = now.get(sourceId);
			if (source == null) {
				findings.add(new Finding(Finding.Kind.SOURCE_GONE, sourceId, null, 0, 0));
				continue;
			}
			tables(sourceId, source, past, rules, findings);
			if (isTree(source)) {
				long median = median(past.stream().mapToLong(Manifest.SourceInfo::files).toArray());
				if (dropped(source.files(), median, rules)) {
					findings.add(new Finding(Finding.Kind.FILES, sourceId, null, source.files(), median));
				}
			}
		}
		long medianSize = median(recent.stream().mapToLong(Observation::sizeBytes).toArray());
		if (medianSize > 0 && current.sizeBytes() < medianSize * rules.sizeDrop()) {
			findings.add(new Finding(Finding.Kind.SIZE, null, null, current.sizeBytes(), medianSize));
		}
		return findings;
	}

	private static void tables(String sourceId, Manifest.SourceInfo source, List<Manifest.SourceInfo> past,
			AnomalyRules rules, List<Finding> findings) {
		Set<String> tables = new LinkedHashSet<>();
		past.forEach((s) -> {
			if (s.rowCounts() != null) {
				tables.addAll(s.rowCounts().keySet());
			}
		});
		Map<String, Long> rows = (source.rowCounts() != null) ? source.rowCounts() : Map.of();
		for (String table : tables) {
			long[] counts = past.stream()
				.filter((s) -> s.rowCounts() != null && s.rowCounts().containsKey(table))
				.mapToLong((s) -> s.rowCounts().get(table))
				.toArray();
			if (counts.length < rules.minHistory()) {
				continue;
			}
			long median = median(counts);
			Long value = rows.get(table);
			if (value == null) {
				if (source.rowCounts() != null && !source.rowCounts().isEmpty()) {
					findings.add(new Finding(Finding.Kind.TABLE_GONE, sourceId, table, 0, median));
				}
			}
			else if (dropped(value, median, rules)) {
				findings.add(new Finding(Finding.Kind.ROWS, sourceId, table, value, median));
			}
		}
	}

	private static boolean dropped(long value, long median, AnomalyRules rules) {
		if (median <= 0) {
			return false;
		}
		if (value == 0) {
			return true;
		}
		return median >= rules.minRows() && value < median * (1 - rules.drop());
	}

	private static boolean isTree(Manifest.SourceInfo source) {
		return "DIRECTORY".equalsIgnoreCase(source.type());
	}

	private static Map<String, Manifest.SourceInfo> bySource(Observation observation) {
		Map<String, Manifest.SourceInfo> map = new LinkedHashMap<>();
		observation.sources().forEach((s) -> map.put(s.id(), s));
		return map;
	}

	static long median(long[] values) {
		if (values.length == 0) {
			return 0;
		}
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

}
