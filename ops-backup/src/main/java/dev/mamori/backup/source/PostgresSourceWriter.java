package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;

/**
 * Dumps a PostgreSQL database with {@code pg_dump --format=custom} into {@code db/<id>.pgdump}
 * (restorable by hand with {@code pg_restore}). Row counts are taken in the very snapshot pg_dump
 * uses ({@code pg_export_snapshot}), so they match the dump exactly even while the app writes; they
 * are counted while pg_dump runs.
 */
public final class PostgresSourceWriter implements SourceHandler {

	private static final Pattern TOOL_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

	private static final long DUMP_TIMEOUT_SECONDS = 6 * 3600;

	private final String pgDump;

	private final PostgresRestore restore;

	/**
	 * @param pgDump the pg_dump program
	 */
	public PostgresSourceWriter(String pgDump) {
		this(pgDump, "pg_restore");
	}

	/**
	 * @param pgDump the pg_dump program
	 * @param pgRestore the pg_restore program
	 */
	public PostgresSourceWriter(String pgDump, String pgRestore) {
		this.pgDump = pgDump;
		this.restore = new PostgresRestore(pgDump, pgRestore);
	}

	@Override
	public long estimateSize(Source source) {
		try (Connection connection = connect(source);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select pg_database_size(current_database())")) {
			rs.next();
			// A plain custom-format dump is about half the on-disk size (no indexes, no bloat).
			return rs.getLong(1) / 2;
		}
		catch (SQLException ex) {
			return 0;
		}
	}

	@Override
	public boolean preparesSlowly() {
		return true;
	}

	@Override
	public Prepared prepare(Source source, Path workDir) throws IOException, SourceException {
		PostgresLocation location = location(source);
		int toolMajor = toolMajor(this.pgDump, source.id());
		Files.createDirectories(workDir);
		Path dump = workDir.resolve("pgdump-" + source.id() + "-" + UUID.randomUUID() + ".pgdump");
		boolean done = false;
		try (Connection connection = connect(source)) {
			String serverVersion;
			int serverMajor;
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("show server_version_num")) {
				rs.next();
				int num = Integer.parseInt(rs.getString(1));
				serverMajor = num / 10000;
				serverVersion = serverMajor + "." + (num % 10000);
			}
			if (toolMajor < serverMajor) {
				throw new SourceException("source '" + source.id() + "': pg_dump " + toolMajor
						+ " is older than the PostgreSQL server (" + serverMajor + "); install the client tools of version "
						+ serverMajor + " or newer (for example postgresql-client-" + serverMajor + ")");
			}
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			String snapshot;
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("select pg_export_snapshot()")) {
				rs.next();
				snapshot = rs.getString(1);
			}
			// Fast gzip inside the dump: far less to write than an uncompressed dump, cheaper than
			// pg_dump's default level; zstd over it costs next to nothing.
			List<String> argv = List.of(this.pgDump, "--format=custom", "--compress=1", "--no-password",
					"--snapshot=" + snapshot, "--host=" + location.host(), "--port=" + location.port(),
					"--username=" + username(source), "--dbname=" + location.database(), "--file=" + dump);
			java.util.concurrent.CompletableFuture<ToolProcess.Result> dumping = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> {
					try {
						return ToolProcess.run(argv, passwordEnvironment(source), DUMP_TIMEOUT_SECONDS);
					}
					catch (IOException ex) {
						return new ToolProcess.Result(127, ex.getMessage());
					}
				});
			// Counted in the same snapshot while pg_dump runs: exact, and on the other core.
			Map<String, Long> rows;
			try (Statement statement = connection.createStatement()) {
				rows = countRows(statement);
			}
			ToolProcess.Result result = dumping.join();
			connection.rollback();
			if (result.exitCode() != 0) {
				throw new SourceException("source '" + source.id() + "': pg_dump failed (exit " + result.exitCode()
						+ "): " + result.output());
			}
			done = true;
			return new Prepared(dump, serverVersion, rows);
		}
		catch (SQLException ex) {
			throw new SourceException(describe(source, location, ex), ex);
		}
		finally {
			if (!done) {
				Files.deleteIfExists(dump);
			}
		}
	}

	@Override
	public Manifest.SourceInfo write(Source source, Prepared prepared, ArchiveWriter archive, LongConsumer progress)
			throws IOException, SourceException {
		String name = "db/" + source.id() + ".pgdump";
		Manifest.Entry entry = archive.addFile(name, prepared.file(), progress);
		return new Manifest.SourceInfo(source.id(), "postgres", location(source).display(), name,
				prepared.engineVersion(), prepared.rowCounts(), 1, entry.size(), List.of());
	}

	/**
	 * @param tool pg_dump or pg_restore
	 * @param sourceId for messages
	 * @return the tool's major version
	 */
	public static int toolMajor(String tool, String sourceId) throws SourceException {
		try {
			ToolProcess.Result result = ToolProcess.run(List.of(tool, "--version"), Map.of(), 30);
			Matcher matcher = TOOL_VERSION.matcher(result.output());
			if (result.exitCode() != 0 || !matcher.find()) {
				throw new SourceException("source '" + sourceId + "': cannot tell the version of " + tool + ": "
						+ result.output());
			}
			return Integer.parseInt(matcher.group(1));
		}
		catch (IOException ex) {
			throw new SourceException("source '" + sourceId + "': " + tool
					+ " was not found; install the PostgreSQL client tools (postgresql-client)", ex);
		}
	}

	/**
	 * @param tool pg_dump or pg_restore
	 * @return its full version text, such as {@code pg_dump (PostgreSQL) 15.19}
	 */
	public static String toolVersion(String tool) {
		try {
			return ToolProcess.run(List.of(tool, "--version"), Map.of(), 30).output();
		}
		catch (IOException ex) {
			return "not installed";
		}
	}

	private static Map<String, Long> countRows(Statement statement) throws SQLException {
		List<String[]> tables = new ArrayList<>();
		try (ResultSet rs = statement.executeQuery("select table_schema, table_name from information_schema.tables "
				+ "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') "
				+ "order by table_schema, table_name")) {
			while (rs.next()) {
				tables.add(new String[] { rs.getString(1), rs.getString(2) });
			}
		}
		Map<String, Long> rows = new LinkedHashMap<>();
		for (String[] table : tables) {
			String qualified = quote(table[0]) + "." + quote(table[1]);
			try (ResultSet rs = statement.executeQuery("select count(*) from " + qualified)) {
				rs.next();
				rows.put(table[0] + "." + table[1], rs.getLong(1));
			}
		}
		return rows;
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	static PostgresLocation location(Source source) throws SourceException {
		try {
			return PostgresLocation.parse(source.url());
		}
		catch (IllegalArgumentException ex) {
			throw new SourceException("source '" + source.id() + "': " + ex.getMessage(), ex);
		}
	}

	static Connection connect(Source source) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", username(source));
		if (source.password() != null) {
			properties.setProperty("password", source.password());
		}
		properties.setProperty("connectTimeout", "10");
		properties.setProperty("ApplicationName", "mamori");
		return DriverManager.getConnection(source.url(), properties);
	}

	static String username(Source source) {
		return (source.username() != null) ? source.username() : System.getProperty("user.name");
	}

	static Map<String, String> passwordEnvironment(Source source) {
		return (source.password() != null) ? Map.of("PGPASSWORD", source.password()) : Map.of();
	}

	private static String describe(Source source, PostgresLocation location, SQLException ex) {
		String state = (ex.getSQLState() != null) ? ex.getSQLState() : "";
		String prefix = "source '" + source.id() + "': ";
		if (state.startsWith("08")) {
			return prefix + "cannot connect to PostgreSQL at " + location.host() + ":" + location.port() + " ("
					+ ex.getMessage() + ")";
		}
		if (state.equals("28P01") || state.equals("28000")) {
			return prefix + "PostgreSQL refused the login of user '" + username(source) + "' to database '"
					+ location.database() + "' (wrong password or not allowed)";
		}
		if (state.equals("3D000")) {
			return prefix + "database '" + location.database() + "' does not exist on " + location.host() + ":"
					+ location.port();
		}
		return prefix + "PostgreSQL error: " + ex.getMessage();
	}

	/** A pre-restore dump already taken (no right to rename databases) goes in as it is. */
	@Override
	public Prepared prepareRaw(Source source, Path workDir) throws IOException, SourceException {
		if (source.url() == null && source.path() != null) {
			Files.createDirectories(workDir);
			Path copy = workDir.resolve("pgdump-" + source.id() + "-" + UUID.randomUUID() + ".pgdump");
			Files.copy(source.path(), copy);
			return new Prepared(copy, null, null, "pg_dump of the live database taken just before the restore");
		}
		return prepare(source, workDir);
	}

	@Override
	public Map<String, String> tools(Source source, Manifest.SourceInfo info) {
		return Map.of("pg_dump", toolVersion(this.pgDump));
	}

	@Override
	public String target(Source source) {
		return PostgresLocation.parse(source.url()).display();
	}

	@Override
	public long currentSize(Source source) {
		return this.restore.currentSize(source);
	}

	@Override
	public RestoreAction action(Source source) {
		if (Boolean.FALSE.equals(this.restore.mayRename(source))) {
			return new RestoreAction("postgres-transaction", "the user may not create or rename databases: dump the live "
					+ "database while the app runs, then pg_restore --clean --single-transaction (all or nothing)");
		}
		return new RestoreAction("postgres-rename", "pg_restore into a new database while the app runs, then swap the "
				+ "databases by rename in one transaction; the previous one is kept until the app is healthy");
	}

	@Override
	public Staging stage(Source source, long runId, Path workDir) throws IOException, SourceException {
		return this.restore.stage(source, runId, workDir);
	}

	@Override
	public Path extractTo(Staging staging) {
		return Path.of(staging.work());
	}

	@Override
	public String prepareStaged(Source source, Staging staging, Manifest.SourceInfo info) throws IOException, SourceException {
		return this.restore.prepareStaged(source, staging, info);
	}

	@Override
	public String swap(Source source, Staging staging) throws IOException, SourceException {
		return this.restore.swap(source, staging);
	}

	@Override
	public void undo(Source source, Staging staging) throws IOException, SourceException {
		this.restore.undo(source, staging);
	}

	@Override
	public String check(Source source, Staging staging, Manifest.SourceInfo info) throws SourceException {
		return this.restore.check(source, staging, info);
	}

	@Override
	public Source aside(Source source, Staging staging) {
		return this.restore.aside(source, staging);
	}

	@Override
	public void discard(Source source, Staging staging) throws IOException, SourceException {
		this.restore.discard(source, staging);
	}

}
