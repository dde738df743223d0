package dev.mamori.backup.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import dev.mamori.backup.archive.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A backup may check its SQLite copy with {@code quick_check} (the default, several times faster), and
 * says so in the manifest; a restore or drill always runs the full {@code integrity_check} on the staged
 * copy, so a database whose index no longer matches its table (which only the full check finds) never
 * becomes live.
 */
class SqliteCheckTests {

	@TempDir
	Path temp;

	@Test
	void aQuickCheckedBackupSaysSoAndTheRestoreStillRunsTheFullCheck() throws Exception {
		Path db = indexOutOfStep(this.temp.resolve("app.db"));
		assertThat(pragma(db, "quick_check")).isEqualTo("ok");
		assertThat(pragma(db, "integrity_check")).as("the full check finds the index out of step").isNotEqualTo("ok");
		Source source = new Source("db", SourceType.SQLITE, db, null, null, null, List.of(), List.of(), false);

		SqliteSourceWriter quick = new SqliteSourceWriter(SqliteCheck.QUICK);
		try (SourceWriter.Prepared prepared = quick.prepare(source, this.temp.resolve("work"))) {
			assertThat(prepared.rowCounts()).containsEntry("t", 200L);
			Manifest.SourceInfo info = new Manifest.SourceInfo("db", "sqlite", db.toString(), "db/db.sqlite",
					prepared.engineVersion(), prepared.rowCounts(), 1, Files.size(prepared.file()), List.of());
			assertThat(quick.tools(source, info)).containsEntry("sqlite-check", "quick_check");

			// The restore path: the staged copy gets integrity_check and is refused before anything is swapped.
			Path live = this.temp.resolve("restored/app.db");
			Files.createDirectories(live.getParent());
			Staging staging = PathSwap.stage("db", "sqlite", live, 1);
			Files.createDirectories(staging.stagedPath().getParent());
			Files.copy(prepared.file(), staging.stagedPath());
			assertThatExceptionOfType(SourceException.class)
				.isThrownBy(() -> quick.prepareStaged(source, staging, info))
				.withMessageStartingWith("source 'db': integrity_check failed: ");
			assertThat(live).doesNotExist();
		}
	}

	@Test
	void theFullCheckRefusesTheSameDatabaseAtBackupTimeNamingThePragma() throws Exception {
		Path db = indexOutOfStep(this.temp.resolve("app.db"));
		Source source = new Source("db", SourceType.SQLITE, db, null, null, null, List.of(), List.of(), false);
		SqliteSourceWriter full = new SqliteSourceWriter(SqliteCheck.FULL);
		assertThatExceptionOfType(SourceException.class).isThrownBy(() -> full.prepare(source, this.temp.resolve("work")))
			.withMessageStartingWith("source 'db': integrity_check failed: ");
		try (var files = Files.list(this.temp.resolve("work"))) {
			assertThat(files).as("the refused copy is removed").isEmpty();
		}
		assertThat(new SourceHandlers("pg_dump", "pg_restore").of(source).tools(source,
				new Manifest.SourceInfo("db", "sqlite", db.toString(), "db/db.sqlite", "3", null, 1, 1, List.of())))
			.as("restores and the command line default to the full check").containsEntry("sqlite-check", "integrity_check");
	}

	@Test
	void aPageThatIsNotADatabaseFailsBothChecks() throws Exception {
		Path db = this.temp.resolve("broken.db");
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
			s.executeUpdate("create table t (id integer primary key, a text)");
			for (int i = 0; i < 50; i++) {
				s.executeUpdate("insert into t (a) values ('" + "x".repeat(500) + i + "')");
			}
		}
		byte[] bytes = Files.readAllBytes(db);
		for (int i = 4096; i < 4096 + 1000; i++) {
			bytes[i] = (byte) 0x5a;
		}
		Files.write(db, bytes);
		Source source = new Source("db", SourceType.SQLITE, db, null, null, null, List.of(), List.of(), false);
		for (SqliteCheck check : SqliteCheck.values()) {
			assertThatExceptionOfType(SourceException.class)
				.isThrownBy(() -> new SqliteSourceWriter(check).prepare(source, this.temp.resolve("work-" + check)))
				.withMessageContaining("source 'db'");
		}
	}

	/** A table and an index whose recorded definition no longer matches what the index holds. */
	private static Path indexOutOfStep(Path db) throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
			s.executeUpdate("create table t (id integer primary key, a text, b text)");
			for (int i = 0; i < 200; i++) {
				s.executeUpdate("insert into t (a, b) values ('a" + i + "', 'b" + (199 - i) + "')");
			}
			s.executeUpdate("create index t_a on t (a)");
			s.execute("pragma writable_schema = on");
			s.executeUpdate("update sqlite_master set sql = 'CREATE INDEX t_a ON t (b)' where name = 't_a'");
		}
		return db;
	}

	private static String pragma(Path db, String pragma) throws Exception {
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("pragma " + pragma)) {
			StringBuilder out = new StringBuilder();
			while (rs.next()) {
				out.append((out.length() > 0) ? "; " : "").append(rs.getString(1));
			}
			return out.toString();
		}
	}

}
