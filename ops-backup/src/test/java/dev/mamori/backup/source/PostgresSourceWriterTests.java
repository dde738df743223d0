package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real PostgreSQL server, the real pg_dump and pg_restore: the dump in the archive restores by
 * hand into an empty database with the same rows.
 */
@RequiresPostgres
class PostgresSourceWriterTests {

	static TestPostgres.Database source;

	@TempDir
	Path temp;

	@BeforeAll
	static void database() throws SQLException {
		source = TestPostgres.newDatabase();
		try (Connection connection = DriverManager.getConnection(source.url(), source.user(), source.password());
				Statement statement = connection.createStatement()) {
			statement.execute("create table customers (id serial primary key, name text not null)");
			statement.execute("create table orders (id serial primary key, customer_id int references customers(id), total numeric)");
			statement.execute("create schema archive");
			statement.execute("create table archive.old_orders (id int primary key, note text)");
			statement.execute("insert into customers (name) select 'c' || i from generate_series(1, 1500) i");
			statement.execute("insert into orders (customer_id, total) select 1 + (i % 1500), i * 1.5 from generate_series(1, 4000) i");
			statement.execute("insert into archive.old_orders select i, 'n' from generate_series(1, 77) i");
		}
	}

	@Test
	void dumpRestoresByHandWithPgRestoreIntoAnEmptyDatabaseWithEqualRowCounts() throws Exception {
		Manifest.SourceInfo info;
		Path archive = this.temp.resolve("mks_20261123_030000.tar.zst");
		try (ArchiveWriter writer = ArchiveWriter.create(archive, 3, 1)) {
			info = new PostgresSourceWriter("pg_dump").write(source(source.url(), source.user(), source.password()),
					writer, this.temp, (n) -> {
					});
			writer.finish(new Manifest(Manifest.FORMAT, "mks", "MKS", Instant.now(), "UTC", "vps", "test", List.of(),
					Map.of(), List.of(info), List.of()));
		}
		assertThat(info.rowCounts()).containsEntry("public.customers", 1500L)
			.containsEntry("public.orders", 4000L)
			.containsEntry("archive.old_orders", 77L);
		assertThat(info.engineVersion()).matches("\\d+\\.\\d+");

		Path out = Files.createDirectories(this.temp.resolve("by-hand"));
		assertThat(run(out, Map.of(), "tar", "--zstd", "-xf", archive.toString())).isZero();
		TestPostgres.Database empty = TestPostgres.newDatabase();
		Map<String, String> env = Map.of("PGPASSWORD", empty.password());
		assertThat(run(out, env, "pg_restore", "--no-owner", "--host=" + empty.host(), "--port=" + empty.port(),
				"--username=" + empty.user(), "--dbname=" + empty.name(), "db/db.pgdump")).isZero();
		assertThat(counts(empty)).isEqualTo(info.rowCounts());
	}

	@Test
	void aPgDumpOlderThanTheServerIsAClearErrorBeforeAnythingIsWritten() throws Exception {
		Path fake = this.temp.resolve("pg_dump");
		Files.writeString(fake, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n", StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path archive = this.temp.resolve("old.tar.zst");
		try (ArchiveWriter writer = ArchiveWriter.create(archive, 3, 0)) {
			assertThatThrownBy(() -> new PostgresSourceWriter(fake.toString())
				.write(source(source.url(), source.user(), source.password()), writer, this.temp, (n) -> {
				})).isInstanceOf(SourceException.class)
				.hasMessageContaining("pg_dump 9 is older than the PostgreSQL server")
				.hasMessageContaining("postgresql-client-");
			assertThat(writer.entries()).isEmpty();
		}
	}

	@Test
	void anUnreachableServerIsNamed() throws IOException {
		String url = "jdbc:postgresql://127.0.0.1:1/nothing";
		try (ArchiveWriter writer = ArchiveWriter.create(this.temp.resolve("x.tar.zst"), 3, 0)) {
			assertThatThrownBy(() -> new PostgresSourceWriter("pg_dump").write(source(url, "postgres", "x"), writer,
					this.temp, (n) -> {
					})).isInstanceOf(SourceException.class).hasMessageContaining("cannot connect to PostgreSQL at 127.0.0.1:1");
		}
	}

	@Test
	void wrongCredentialsAreNamed() throws IOException {
		try (ArchiveWriter writer = ArchiveWriter.create(this.temp.resolve("y.tar.zst"), 3, 0)) {
			assertThatThrownBy(() -> new PostgresSourceWriter("pg_dump")
				.write(source(source.url(), "no_such_user_x", "wrong-password"), writer, this.temp, (n) -> {
				})).isInstanceOf(SourceException.class)
				.hasMessageContaining("PostgreSQL refused the login of user 'no_such_user_x'");
		}
	}

	@Test
	void aMissingDatabaseIsNamed() throws IOException {
		String url = source.url().replace("/" + source.name(), "/no_such_database_x");
		try (ArchiveWriter writer = ArchiveWriter.create(this.temp.resolve("z.tar.zst"), 3, 0)) {
			assertThatThrownBy(() -> new PostgresSourceWriter("pg_dump")
				.write(source(url, source.user(), source.password()), writer, this.temp, (n) -> {
				})).isInstanceOf(SourceException.class).hasMessageContaining("no_such_database_x");
		}
	}

	static Source source(String url, String user, String password) {
		return new Source("db", SourceType.POSTGRES, null, url, user, password, List.of(), List.of(), false);
	}

	static Map<String, Long> counts(TestPostgres.Database database) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement()) {
			for (String table : List.of("archive.old_orders", "public.customers", "public.orders")) {
				try (ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
					rs.next();
					counts.put(table, rs.getLong(1));
				}
			}
		}
		return counts;
	}

	static int run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int exit = process.waitFor();
		if (exit != 0) {
			System.err.println(String.join(" ", command) + ": " + output);
		}
		return exit;
	}

}
