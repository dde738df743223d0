package dev.mamori.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.LiveData;

/**
 * What a snapshot holds, source by source, beside the app's data now and the app's previous
 * snapshot; with the warnings a restore of it deserves when it would shrink the data sharply.
 *
 * @param snapshot the snapshot
 * @param previous the app's snapshot before it, or {@code null}
 * @param sources one row per source declared in the app or present in the snapshot
 * @param warnings sharp shrinks of the current data a restore would cause; empty when none
 */
public record SnapshotComparison(SnapshotView snapshot, SnapshotView previous, List<SourceRow> sources,
		List<Warning> warnings) {

	/**
	 * Compares, without any I/O: the current data is measured by the caller.
	 * @param declared the app's sources now, in order (id, type, location)
	 * @param snapshot the snapshot
	 * @param previous the snapshot before it, or {@code null}
	 * @param current per source id, its data now
	 * @return the comparison
	 */
	public static SnapshotComparison of(List<Declared> declared, SnapshotView snapshot, SnapshotView previous,
			Map<String, LiveData.Measured> current) {
		Map<String, Manifest.SourceInfo> inSnapshot = byId(snapshot.sources());
		Map<String, Manifest.SourceInfo> inPrevious = (previous != null) ? byId(previous.sources()) : Map.of();
		Set<String> ids = new LinkedHashSet<>();
		declared.forEach((d) -> ids.add(d.id()));
		ids.addAll(inSnapshot.keySet());
		Map<String, Declared> declaredById = new LinkedHashMap<>();
		declared.forEach((d) -> declaredById.put(d.id(), d));
		List<SourceRow> rows = new ArrayList<>();
		List<Warning> warnings = new ArrayList<>();
		for (String id : ids) {
			Manifest.SourceInfo info = inSnapshot.get(id);
			Declared source = declaredById.get(id);
			String type = (info != null) ? info.type() : source.type();
			String location = (source != null) ? source.location() : info.location();
			Side snapshotSide = side(info);
			Side previousSide = (previous != null) ? side(inPrevious.get(id)) : null;
			LiveData.Measured measured = current.get(id);
			Side currentSide = (measured != null && source != null) ? side(measured) : null;
			rows.add(new SourceRow(id, type, location, snapshotSide, currentSide, previousSide,
					tables(info, measured, inPrevious.get(id))));
			if (source != null && currentSide != null) {
				warnings.addAll(shrinks(id, type, snapshotSide, currentSide, info, measured));
			}
		}
		return new SnapshotComparison(snapshot, previous, List.copyOf(rows), List.copyOf(warnings));
	}

	/**
	 * @param sourceIds the sources a restore would replace
	 * @return the warnings about those sources only
	 */
	public List<Warning> warningsFor(List<String> sourceIds) {
		return this.warnings.stream().filter((w) -> sourceIds.isEmpty() || sourceIds.contains(w.source())).toList();
	}

	private static List<Warning> shrinks(String id, String type, Side snapshot, Side current,
			Manifest.SourceInfo info, LiveData.Measured measured) {
		List<Warning> found = new ArrayList<>();
		if (!current.present()) {
			// Nothing there now: the restore can only add.
			return found;
		}
		if (!snapshot.present()) {
			found.add(new Warning(WarningCode.SOURCE_MISSING, id, null, 1, 0));
			return found;
		}
		boolean database = type.equals("sqlite") || type.equals("postgres");
		if (database && measured.rowCounts() != null) {
			Map<String, Long> before = measured.rowCounts();
			Map<String, Long> after = (info.rowCounts() != null) ? info.rowCounts() : Map.of();
			if (after.isEmpty() && !before.isEmpty()) {
				found.add(new Warning(WarningCode.NO_TABLES, id, null, before.size(), 0));
				return found;
			}
			for (Map.Entry<String, Long> table : before.entrySet()) {
				long now = table.getValue();
				Long then = after.get(table.getKey());
				if (then == null) {
					found.add(new Warning(WarningCode.TABLE_MISSING, id, table.getKey(), now, 0));
				}
				else if (halved(now, then)) {
					found.add(new Warning(WarningCode.TABLE_ROWS_HALVED, id, table.getKey(), now, then));
				}
			}
			if (halved(current.rows(), snapshot.rows())) {
				found.add(new Warning(WarningCode.TOTAL_ROWS_HALVED, id, null, current.rows(), snapshot.rows()));
			}
		}
		else if (type.equals("directory") && halved(current.files(), snapshot.files())) {
			found.add(new Warning(WarningCode.FILES_HALVED, id, null, current.files(), snapshot.files()));
		}
		return found;
	}

	/** Down by more than half. */
	private static boolean halved(long now, long then) {
		return now > 0 && then * 2 < now;
	}

	private static List<TableRow> tables(Manifest.SourceInfo info, LiveData.Measured measured, Manifest.SourceInfo previous) {
		Set<String> names = new LinkedHashSet<>();
		Map<String, Long> snapshotRows = (info != null && info.rowCounts() != null) ? info.rowCounts() : Map.of();
		Map<String, Long> currentRows = (measured != null && measured.rowCounts() != null) ? measured.rowCounts() : Map.of();
		Map<String, Long> previousRows = (previous != null && previous.rowCounts() != null) ? previous.rowCounts() : Map.of();
		names.addAll(snapshotRows.keySet());
		names.addAll(currentRows.keySet());
		names.addAll(previousRows.keySet());
		return names.stream()
			.sorted()
			.map((n) -> new TableRow(n, snapshotRows.get(n), currentRows.get(n), previousRows.get(n)))
			.toList();
	}

	private static Map<String, Manifest.SourceInfo> byId(List<Manifest.SourceInfo> sources) {
		Map<String, Manifest.SourceInfo> map = new LinkedHashMap<>();
		sources.forEach((s) -> map.put(s.id(), s));
		return map;
	}

	private static Side side(Manifest.SourceInfo info) {
		if (info == null) {
			return Side.ABSENT;
		}
		Map<String, Long> rows = info.rowCounts();
		return new Side(true, info.files(), info.bytes(), (rows != null) ? rows.size() : -1,
				(rows != null) ? rows.values().stream().mapToLong(Long::longValue).sum() : -1, null);
	}

	private static Side side(LiveData.Measured measured) {
		if (!measured.present()) {
			return new Side(false, 0, 0, -1, -1, measured.error());
		}
		Map<String, Long> rows = measured.rowCounts();
		return new Side(true, measured.files(), measured.bytes(), (rows != null) ? rows.size() : -1,
				(rows != null) ? rows.values().stream().mapToLong(Long::longValue).sum() : -1, null);
	}

	/**
	 * A source of the app as declared now.
	 *
	 * @param id source id
	 * @param type sqlite, postgres, directory or file
	 * @param location path, or JDBC URL without credentials
	 */
	public record Declared(String id, String type, String location) {
	}

	/**
	 * One source in the snapshot, now and in the previous snapshot.
	 *
	 * @param id source id
	 * @param type sqlite, postgres, directory or file
	 * @param location where it is (path, or JDBC URL without credentials)
	 * @param snapshot in this snapshot
	 * @param current now, or {@code null} when the app no longer declares it
	 * @param previous in the previous snapshot, or {@code null} when there is none
	 * @param tables per table, for databases
	 */
	public record SourceRow(String id, String type, String location, Side snapshot, Side current, Side previous,
			List<TableRow> tables) {
	}

	/**
	 * A source's size at one point.
	 *
	 * @param present whether it is there
	 * @param files regular files
	 * @param bytes total size, or -1 when unknown
	 * @param tables tables, or -1 when not a database
	 * @param rows rows in all tables, or -1 when not a database
	 * @param error why it could not be read, or {@code null}
	 */
	public record Side(boolean present, long files, long bytes, int tables, long rows, String error) {

		static final Side ABSENT = new Side(false, 0, 0, -1, -1, null);

	}

	/**
	 * @param name table name
	 * @param snapshot rows in the snapshot, or {@code null} when it lacks the table
	 * @param current rows now, or {@code null}
	 * @param previous rows in the previous snapshot, or {@code null}
	 */
	public record TableRow(String name, Long snapshot, Long current, Long previous) {
	}

	/** What kind of shrink. */
	public enum WarningCode {

		/** The snapshot's database has no table; the live one has some. */
		NO_TABLES,

		/** A table with rows now is not in the snapshot. */
		TABLE_MISSING,

		/** A table would lose more than half of its rows. */
		TABLE_ROWS_HALVED,

		/** The database would lose more than half of all rows. */
		TOTAL_ROWS_HALVED,

		/** The directory would lose more than half of its files. */
		FILES_HALVED,

		/** The snapshot does not hold the source at all. */
		SOURCE_MISSING

	}

	/**
	 * A sharp shrink a restore would cause.
	 *
	 * @param code what kind
	 * @param source the source id
	 * @param table the table, or {@code null}
	 * @param current the count now (tables, rows or files)
	 * @param snapshot the count in the snapshot
	 */
	public record Warning(WarningCode code, String source, String table, long current, long snapshot) {

		/**
		 * @return the warning as an English sentence, for the API and logs
		 */
		public String message() {
			return switch (this.code) {
				case NO_TABLES -> "source '" + this.source + "': the snapshot has no tables; the database has "
						+ this.current + " now";
				case TABLE_MISSING -> "source '" + this.source + "': table " + this.table + " (" + this.current
						+ " rows now) is not in the snapshot";
				case TABLE_ROWS_HALVED -> "source '" + this.source + "': table " + this.table + " would go from "
						+ this.current + " to " + this.snapshot + " rows";
				case TOTAL_ROWS_HALVED -> "source '" + this.source + "': all tables would go from " + this.current
						+ " to " + this.snapshot + " rows";
				case FILES_HALVED -> "source '" + this.source + "': would go from " + this.current + " to "
						+ this.snapshot + " files";
				case SOURCE_MISSING -> "source '" + this.source + "' is not in the snapshot";
			};
		}

	}

}
