package dev.mamori.backup.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mamori.backup.anomaly.BackupAnomalies.Observation;
import dev.mamori.backup.archive.Manifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupAnomaliesTests {

	private static final AnomalyRules RULES = AnomalyRules.DEFAULTS;

	@Test
	void anEmptiedTableIsNamedWhateverTheArchiveSize() {
		List<Finding> findings = BackupAnomalies.compare(backup(1_000_000, Map.of("users", 120L, "orders", 0L), 40),
				history(5, Map.of("users", 120L, "orders", 5_000L), 40), RULES);
		assertThat(findings).singleElement().satisfies((f) -> {
			assertThat(f.kind()).isEqualTo(Finding.Kind.ROWS);
			assertThat(f.table()).isEqualTo("orders");
			assertThat(f.value()).isZero();
			assertThat(f.median()).isEqualTo(5_000);
			assertThat(f.text(Locale.ENGLISH)).isEqualTo("table orders of source db: 0 rows (median of recent backups 5,000)");
			assertThat(f.text(Locale.JAPANESE)).contains("テーブル orders").contains("0 行").contains("5,000");
		});
	}

	@Test
	void aSharpDropIsSuspectButNormalChangeIsNot() {
		List<Observation> history = history(5, Map.of("users", 1_000L), 100);
		assertThat(BackupAnomalies.compare(backup(1_000_000, Map.of("users", 499L), 100), history, RULES))
			.extracting(Finding::kind).containsExactly(Finding.Kind.ROWS);
		assertThat(BackupAnomalies.compare(backup(1_000_000, Map.of("users", 501L), 100), history, RULES))
			.as("less than half lost: ordinary deletes").isEmpty();
		assertThat(BackupAnomalies.compare(backup(900_000, Map.of("users", 1_300L), 120), history, RULES)).isEmpty();
	}

	@Test
	void smallTablesAreJudgedOnlyWhenTheyBecomeEmpty() {
		List<Observation> history = history(5, Map.of("settings", 4L), 3);
		assertThat(BackupAnomalies.compare(backup(1_000_000, Map.of("settings", 1L), 3), history, RULES)).isEmpty();
		assertThat(BackupAnomalies.compare(backup(1_000_000, Map.of("settings", 0L), 3), history, RULES))
			.extracting(Finding::table).containsExactly("settings");
	}

	@Test
	void halfTheFilesGoneAMissingTableAMissingSourceAndATenTimesSmallerArchiveAreEachNamed() {
		List<Observation> history = history(5, Map.of("users", 50L, "orders", 70L), 200);
		Observation current = new Observation(90_000, List.of(
				db(Map.of("users", 50L)), new Manifest.SourceInfo("uploads", "directory", "/srv/app/uploads", "uploads/",
						null, null, 90, 90_000, List.of())));
		List<Finding> findings = BackupAnomalies.compare(current, history, RULES);
		assertThat(findings).extracting(Finding::kind)
			.containsExactlyInAnyOrder(Finding.Kind.TABLE_GONE, Finding.Kind.FILES, Finding.Kind.SOURCE_GONE, Finding.Kind.SIZE);
		assertThat(findings).filteredOn((f) -> f.kind() == Finding.Kind.SOURCE_GONE).extracting(Finding::source)
			.containsExactly("env");
		assertThat(findings).filteredOn((f) -> f.kind() == Finding.Kind.SIZE).singleElement()
			.satisfies((f) -> assertThat(f.median()).isEqualTo(1_000_000));
	}

	@Test
	void tooLittleHistoryOrDisabledMeansNoJudgement() {
		Observation emptied = backup(1_000_000, Map.of("users", 0L), 0);
		assertThat(BackupAnomalies.compare(emptied, history(2, Map.of("users", 100L), 50), RULES)).isEmpty();
		assertThat(BackupAnomalies.compare(emptied, history(5, Map.of("users", 100L), 50),
				new AnomalyRules(false, 5, 3, 0.5, 10, 0.1))).isEmpty();
		assertThat(BackupAnomalies.compare(emptied, history(5, Map.of("users", 100L), 50), RULES)).hasSize(2);
	}

	@Test
	void onlyTheWindowOfRecentBackupsCounts() {
		List<Observation> history = new ArrayList<>(history(3, Map.of("users", 10L), 5));
		history.addAll(history(10, Map.of("users", 10_000L), 5));
		assertThat(BackupAnomalies.compare(backup(1_000_000, Map.of("users", 12L), 5), history,
				new AnomalyRules(true, 3, 3, 0.5, 10, 0.1))).as("the old, larger table is outside the window").isEmpty();
		assertThat(BackupAnomalies.median(new long[] { 5, 1, 3, 100 })).isEqualTo(4);
	}

	private static List<Observation> history(int count, Map<String, Long> rows, long files) {
		List<Observation> list = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			list.add(backup(1_000_000, rows, files));
		}
		return list;
	}

	private static Observation backup(long size, Map<String, Long> rows, long files) {
		return new Observation(size, List.of(db(rows),
				new Manifest.SourceInfo("uploads", "directory", "/srv/app/uploads", "uploads/", null, null, files,
						files * 1000, List.of()),
				new Manifest.SourceInfo("env", "file", "/srv/app/.env", "env/.env", null, null, 1, 40, List.of())));
	}

	private static Manifest.SourceInfo db(Map<String, Long> rows) {
		return new Manifest.SourceInfo("db", "sqlite", "/srv/app/app.db", "db/db.sqlite", "3.45", rows, 1, 4096,
				List.of());
	}

}
