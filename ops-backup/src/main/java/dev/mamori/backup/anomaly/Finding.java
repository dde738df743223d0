package dev.mamori.backup.anomaly;

import java.util.Locale;

/**
 * One reason a backup is suspect.
 *
 * @param kind what dropped
 * @param source the source id ({@code null} for the archive size)
 * @param table the table, for {@link Kind#ROWS}
 * @param value this backup's value
 * @param median the median of the recent backups
 */
public record Finding(Kind kind, String source, String table, long value, long median) {

	/** What dropped. */
	public enum Kind {

		/** A table's row count. */
		ROWS,

		/** A table that is no longer in the database. */
		TABLE_GONE,

		/** A directory's file count. */
		FILES,

		/** A source that is no longer in the archive. */
		SOURCE_GONE,

		/** The archive's size. */
		SIZE

	}

	/**
	 * @param locale the reader's language (Japanese or English)
	 * @return the reason in one line
	 */
	public String text(Locale locale) {
		boolean ja = locale != null && "ja".equals(locale.getLanguage());
		return switch (this.kind) {
			case ROWS -> ja ? String.format("ソース %s のテーブル %s: %,d 行 (直近の中央値 %,d 行)", this.source, this.table, this.value, this.median)
					: String.format("table %s of source %s: %,d rows (median of recent backups %,d)", this.table, this.source, this.value, this.median);
			case TABLE_GONE -> ja ? String.format("ソース %s のテーブル %s がありません (直近の中央値 %,d 行)", this.source, this.table, this.median)
					: String.format("table %s of source %s is missing (median of recent backups %,d rows)", this.table, this.source, this.median);
			case FILES -> ja ? String.format("ソース %s: %,d ファイル (直近の中央値 %,d)", this.source, this.value, this.median)
					: String.format("source %s: %,d files (median of recent backups %,d)", this.source, this.value, this.median);
			case SOURCE_GONE -> ja ? String.format("ソース %s がアーカイブにありません", this.source)
					: String.format("source %s is missing from the archive", this.source);
			case SIZE -> ja ? String.format("アーカイブ %,d バイト (直近の中央値 %,d バイト)", this.value, this.median)
					: String.format("archive %,d bytes (median of recent backups %,d bytes)", this.value, this.median);
		};
	}

}
