package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.sqlite.SQLiteConfig;

/**
 * Measures a source's live data the way its manifest describes a snapshot of it (row counts per
 * table, file count, bytes), reading only: SQLite is opened read-only, PostgreSQL only counted,
 * directories walked with the source's include and exclude globs.
 */
public final class LiveData {

	private LiveData() {
	}

	/**
	 * @param source a declared source
	 * @return what is there now; never throws, a source that cannot be read says why
	 */
	public static Measured measure(Source source) {
		try {
			return switch (source.type()) {
				case SQLITE -> sqlite(source);
				case POSTGRES -> postgres(source);
				case DIRECTORY -> directory(source);
				case FILE -> file(source);
			};
		}
		catch (IOException | SQLException | RuntimeException ex) {
			return new Measured(false, null, 0, 0, ex.getMessage());
		}
	}

	private static Measured sqlite(Source source) throws SQLException, IOException {
		Path path = source.path();
		if (!Files.isRegularFile(path) || Files.size(path) == 0) {
			// A missing or emptied file has no tables; opening it would create one.
			return Files.exists(path) ? new Measured(true, Map.of(), 1, Files.size(path), null) : Measured.MISSING;
		}
		SQLiteConfig config = new SQLiteConfig();
		config.setReadOnly(true);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties())) {
			return new Measured(true, count(connection, "select name, null from sqlite_master where type = 'table' "
					+ "and name not like 'sqlite_%' order by name"), 1, Files.size(path), null);
		}
	}

	private static Measured postgres(Source source) throws SQLException {
		Properties credentials = new Properties();
		credentials.setProperty("user", (source.username() != null) ? source.username() : System.getProperty("user.name"));
		if (source.password() != null) {
			credentials.setProperty("password", source.password());
		}
		try (Connection connection = DriverManager.getConnection(source.url(), credentials)) {
			connection.setReadOnly(true);
			// Named schema.table, as the backup's manifest names them.
			return new Measured(true, count(connection, "select table_schema, table_name from information_schema.tables "
					+ "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') "
					+ "order by table_schema, table_name"), 1, -1, null);
		}
	}

	private static Map<String, Long> count(Connection connection, String listTables) throws SQLException {
		List<String[]> tables = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(listTables)) {
			while (rs.next()) {
				tables.add((rs.getString(2) != null) ? new String[] { rs.getString(1), rs.getString(2) }
						: new String[] { rs.getString(1) });
			}
		}
		Map<String, Long> rows = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement()) {
			for (String[] table : tables) {
				String quoted = String.join(".", java.util.Arrays.stream(table).map(LiveData::quote).toList());
				try (ResultSet rs = statement.executeQuery("select count(*) from " + quoted)) {
					rs.next();
					rows.put(String.join(".", table), rs.getLong(1));
				}
			}
		}
		return rows;
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	private static Measured directory(Source source) throws IOException {
		Path root = source.path();
		if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
			return Measured.MISSING;
		}
		PathFilter filter = new PathFilter(source.include(), source.exclude());
		long[] counts = new long[2];
		Files.walkFileTree(root, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
				String relative = relative(root, dir);
				return (!relative.isEmpty() && filter.skipsDirectory(relative)) ? FileVisitResult.SKIP_SUBTREE
						: FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				if (attrs.isRegularFile() && filter.includesFile(relative(root, file))) {
					counts[0]++;
					counts[1] += attrs.size();
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException exc) {
				return FileVisitResult.CONTINUE;
			}
		});
		return new Measured(true, null, counts[0], counts[1], null);
	}

	private static Measured file(Source source) throws IOException {
		Path path = source.path();
		return Files.isRegularFile(path) ? new Measured(true, null, 1, Files.size(path), null) : Measured.MISSING;
	}

	private static String relative(Path root, Path path) {
		return root.relativize(path).toString().replace('\\', '/');
	}

	/**
	 * A source's data now.
	 *
	 * @param present whether it exists (and could be read)
	 * @param rowCounts rows per table for databases, {@code null} otherwise
	 * @param files regular files (1 for a database or single file)
	 * @param bytes total size, or -1 when unknown (PostgreSQL)
	 * @param error why it could not be read, or {@code null}
	 */
	public record Measured(boolean present, Map<String, Long> rowCounts, long files, long bytes, String error) {

		static final Measured MISSING = new Measured(false, null, 0, 0, null);

	}

}
