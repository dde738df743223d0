package dev.mamori.backup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.SnapshotComparison.Declared;
import dev.mamori.backup.SnapshotComparison.WarningCode;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.LiveData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a snapshot would shrink the data sharply compared with the data now, and what the snapshot
 * page shows beside the previous snapshot.
 */
class SnapshotComparisonTests {

	private static final List<Declared> APP = List.of(new Declared("db", "sqlite", "/srv/app/master.db"),
			new Declared("uploads", "directory", "/srv/app/uploads"), new Declared("env", "file", "/srv/app/.env"));

	@Test
	void aSnapshotWithoutTablesWarnsOnceWhenTheDatabaseHasSome() {
		SnapshotComparison comparison = SnapshotComparison.of(APP, snapshot(Map.of(), 10), null,
				now(Map.of("items", 5L, "users", 2L), 10));
		assertThat(comparison.warnings()).singleElement().satisfies((w) -> {
			assertThat(w.code()).isEqualTo(WarningCode.NO_TABLES);
			assertThat(w.current()).isEqualTo(2);
			assertThat(w.message()).isEqualTo("source 'db': the snapshot has no tables; the database has 2 now");
		});
	}

	@Test
	void aTableDownByMoreThanHalfAndTheTotalAreWarnedButExactlyHalfIsNot() {
		Map<String, Long> then = rows("items", 49L, "users", 10L);
		SnapshotComparison comparison = SnapshotComparison.of(APP, snapshot(then, 10), null,
				now(rows("items", 100L, "users", 20L), 10));
		assertThat(comparison.warnings()).extracting((w) -> w.code() + " " + w.table())
			.containsExactly("TABLE_ROWS_HALVED items", "TOTAL_ROWS_HALVED null");
		assertThat(comparison.warnings().get(0).message()).isEqualTo("source 'db': table items would go from 100 to 49 rows");
	}

	@Test
	void aTableWithRowsThatTheSnapshotLacksIsWarned() {
		SnapshotComparison comparison = SnapshotComparison.of(APP, snapshot(rows("items", 10L), 10), null,
				now(rows("items", 10L, "orders", 3L), 10));
		assertThat(comparison.warnings()).extracting((w) -> w.code() + " " + w.table())
			.containsExactly("TABLE_MISSING orders");
	}

	@Test
	void aDirectoryDownByMoreThanHalfOfItsFilesIsWarned() {
		SnapshotComparison comparison = SnapshotComparison.of(APP, snapshot(rows("items", 10L), 4), null,
				now(rows("items", 10L), 9));
		assertThat(comparison.warnings()).extracting(SnapshotComparison.Warning::code)
			.containsExactly(WarningCode.FILES_HALVED);
		assertThat(comparison.warningsFor(List.of("db"))).as("only the chosen sources").isEmpty();
		assertThat(comparison.warningsFor(List.of("uploads"))).hasSize(1);
	}

	@Test
	void aSourceTheSnapshotLacksIsWarnedAndASourceMissingNowIsNot() {
		SnapshotView without = view(List.of(info("db", "sqlite", rows("items", 10L), 1)));
		Map<String, LiveData.Measured> current = now(rows("items", 10L), 10);
		current.put("env", new LiveData.Measured(false, null, 0, 0, null));
		SnapshotComparison comparison = SnapshotComparison.of(APP, without, null, current);
		assertThat(comparison.warnings()).extracting((w) -> w.code() + " " + w.source())
			.containsExactly("SOURCE_MISSING uploads");
	}

	@Test
	void eachTableIsShownInTheSnapshotNowAndInThePreviousSnapshot() {
		SnapshotView previous = snapshot(rows("items", 80L), 7);
		SnapshotComparison comparison = SnapshotComparison.of(APP, snapshot(rows("items", 90L, "tags", 4L), 8), previous,
				now(rows("items", 95L, "tags", 5L), 9));
		SnapshotComparison.SourceRow db = comparison.sources().get(0);
		assertThat(db.tables()).containsExactly(new SnapshotComparison.TableRow("items", 90L, 95L, 80L),
				new SnapshotComparison.TableRow("tags", 4L, 5L, null));
		assertThat(db.snapshot().rows()).isEqualTo(94);
		assertThat(db.current().tables()).isEqualTo(2);
		assertThat(db.previous().tables()).isEqualTo(1);
		assertThat(comparison.sources().get(1).previous().files()).isEqualTo(7);
		assertThat(comparison.warnings()).isEmpty();
	}

	private static Map<String, Long> rows(Object... pairs) {
		Map<String, Long> rows = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			rows.put((String) pairs[i], (Long) pairs[i + 1]);
		}
		return rows;
	}

	private static Map<String, LiveData.Measured> now(Map<String, Long> tables, long files) {
		Map<String, LiveData.Measured> current = new LinkedHashMap<>();
		current.put("db", new LiveData.Measured(true, tables, 1, 4096, null));
		current.put("uploads", new LiveData.Measured(true, null, files, files * 100, null));
		current.put("env", new LiveData.Measured(true, null, 1, 40, null));
		return current;
	}

	private static SnapshotView snapshot(Map<String, Long> tables, long files) {
		return view(List.of(info("db", "sqlite", tables, 1), info("uploads", "directory", null, files),
				info("env", "file", null, 1)));
	}

	private static Manifest.SourceInfo info(String id, String type, Map<String, Long> tables, long files) {
		return new Manifest.SourceInfo(id, type, "/srv/app/" + id, "x/" + id, null, tables, files, files * 100, List.of());
	}

	private static SnapshotView view(List<Manifest.SourceInfo> sources) {
		return new SnapshotView(1, "app", "app_20260101_030000.tar.zst", "/mnt/usb", Instant.parse("2026-01-01T03:00:00Z"),
				1000, "abc", SnapshotStatus.GOOD, null, null, List.of(), 1L, sources, List.of());
	}

}
