package dev.mamori.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores of a real PostgreSQL database with the real pg_dump and pg_restore.
 */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class PostgresRestoreTests {

	@TempDir
	static Path temp;

	static TestPostgres.Database db;

	@Autowired
	BackupService backups;

	@Autowired
	RestoreService restores;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws Exception {
		db = TestPostgres.newDatabase();
		sql("create table customers (id serial primary key, name text not null)",
				"create table orders (id serial primary key, customer_id int references customers(id), total numeric)",
				"insert into customers (name) select 'c' || i from generate_series(1, 300) i",
				"insert into orders (customer_id, total) select 1 + (i % 300), i from generate_series(1, 900) i");
		Path destination = Files.createDirectories(temp.resolve("usb"));
		registry.add("mamori.apps.mks.sources[0].id", () -> "db");
		registry.add("mamori.apps.mks.sources[0].type", () -> "postgres");
		registry.add("mamori.apps.mks.sources[0].url", db::url);
		registry.add("mamori.apps.mks.sources[0].username", db::user);
		registry.add("mamori.apps.mks.sources[0].password", db::password);
		registry.add("mamori.apps.mks.backup.destination", destination::toString);
		// The same database behind a closed port, and with credentials it refuses.
		// The same database as an app whose start command fails: its restore must roll back.
		registry.add("mamori.apps.mks-broken.sources[0].id", () -> "db");
		registry.add("mamori.apps.mks-broken.sources[0].type", () -> "postgres");
		registry.add("mamori.apps.mks-broken.sources[0].url", db::url);
		registry.add("mamori.apps.mks-broken.sources[0].username", db::user);
		registry.add("mamori.apps.mks-broken.sources[0].password", db::password);
		registry.add("mamori.apps.mks-broken.backup.destination", destination::toString);
		registry.add("mamori.apps.mks-broken.service.stop", () -> "pg-stops");
		registry.add("mamori.apps.mks-broken.service.start", () -> "pg-never-starts");
		registry.add("mamori.commands.pg-stops.argv[0]", () -> "true");
		registry.add("mamori.commands.pg-never-starts.argv[0]", () -> "false");
		registry.add("mamori.apps.down.sources[0].id", () -> "db");
		registry.add("mamori.apps.down.sources[0].type", () -> "postgres");
		registry.add("mamori.apps.down.sources[0].url", () -> "jdbc:postgresql://127.0.0.1:1/" + db.name());
		registry.add("mamori.apps.down.backup.destination", destination::toString);
		registry.add("mamori.apps.denied.sources[0].id", () -> "db");
		registry.add("mamori.apps.denied.sources[0].type", () -> "postgres");
		registry.add("mamori.apps.denied.sources[0].url", db::url);
		registry.add("mamori.apps.denied.sources[0].username", () -> "no_such_role_x");
		registry.add("mamori.apps.denied.sources[0].password", () -> "wrong-password");
		registry.add("mamori.apps.denied.backup.destination", destination::toString);
	}

	@Test
	void unreachableServerAndRefusedLoginFailTheRunWithTheirOwnMessagesAndListNothing() throws Exception {
		SnapshotView existing = backup();
		Map<String, String> filesBefore = BackupRunTests.checksums(existing.archive().getParent());
		BackupRunView down = this.backups.runAndWait("down", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(down.status()).isEqualTo(RunStatus.FAILED);
		assertThat(down.error()).contains("cannot connect to PostgreSQL at 127.0.0.1:1");
		BackupRunView denied = this.backups.runAndWait("denied", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(denied.status()).isEqualTo(RunStatus.FAILED);
		assertThat(denied.error()).contains("PostgreSQL refused the login of user 'no_such_role_x'");
		assertThat(this.backups.snapshots("down")).isEmpty();
		assertThat(this.backups.snapshots("denied")).isEmpty();
		// Every archive that was complete before is still there, unchanged (a restore of an earlier test
		// may still be adding its pre-restore archive in the background: its .partial file and the .tmp of a
		// sidecar being written are renamed away when it is done).
		Map<String, String> filesAfter = BackupRunTests.checksums(existing.archive().getParent());
		filesBefore.keySet().removeIf((name) -> name.endsWith(".partial") || name.endsWith(".tmp"));
		assertThat(filesAfter).as("previous archives untouched").containsAllEntriesOf(filesBefore);
	}

	@Test
	void aDriftedDatabaseGetsExactlyTheSnapshotsContents() throws Exception {
		SnapshotView snapshot = backup();
		Map<String, String> expected = contents();
		sql("insert into customers (name) select 'late' || i from generate_series(1, 50) i",
				"update customers set name = 'changed' where id < 10", "drop table orders");

		RestoreRunView run = this.restores.runAndWait("mks", snapshot.id(), List.of(), "mks", Actor.user("admin", null));

		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.SUCCEEDED);
		assertThat(contents()).isEqualTo(expected);
		assertThat(run.steps()).filteredOn((s) -> s.name().equals("CHECK"))
			.singleElement()
			.satisfies((s) -> assertThat(s.message()).contains("snapshot's row counts"));
		assertThat(run.steps()).filteredOn((s) -> s.name().equals("STOP_SERVICE"))
			.singleElement()
			.satisfies((s) -> assertThat(s.outcome()).isEqualTo("SKIPPED"));
	}

	@Test
	void aFailureInTheMiddleLeavesTheDatabaseAsItWas() throws Exception {
		BackupRunView backup = this.backups.runAndWait("mks-broken", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(backup.status()).as(backup.error()).isEqualTo(RunStatus.SUCCEEDED);
		sql("insert into customers (name) values ('kept')", "create view customer_names as select name from customers");
		Map<String, String> before = contents();

		RestoreRunView run = this.restores.runAndWait("mks-broken", backup.snapshotId(), List.of(), "mks-broken",
				Actor.user("admin", null));

		assertThat(run.status()).as(run.error()).isEqualTo(RestoreStatus.ROLLED_BACK);
		assertThat(run.steps()).extracting(RestoreRunView.Step::name).containsSubsequence("SWAP", "START_SERVICE", "ROLLBACK");
		assertThat(run.steps()).filteredOn((s) -> s.name().equals("SWAP"))
			.singleElement()
			.satisfies((s) -> assertThat(s.message()).contains("renamed to " + db.name()));
		assertThat(contents()).as("the previous database is back under its name, view and row included").isEqualTo(before);
		assertThat(databasesLike(db.name() + "_mamori_%")).as("no staging or aside database left").isEmpty();
		sql("drop view customer_names", "delete from customers where name = 'kept'");
	}

	private static List<String> databasesLike(String pattern) throws SQLException {
		List<String> names = new java.util.ArrayList<>();
		try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
				java.sql.PreparedStatement statement = connection.prepareStatement("select datname from pg_database where datname like ?")) {
			statement.setString(1, pattern);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					names.add(rs.getString(1));
				}
			}
		}
		return names;
	}

	private SnapshotView backup() {
		BackupRunView run = this.backups.runAndWait("mks", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
		return this.backups.snapshot(run.snapshotId());
	}

	/** Every table with its row count and a checksum of its rows. */
	private static Map<String, String> contents() throws SQLException {
		Map<String, String> contents = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
				Statement statement = connection.createStatement()) {
			List<String> tables = new java.util.ArrayList<>();
			try (ResultSet rs = statement.executeQuery(
					"select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			for (String table : tables) {
				try (ResultSet rs = statement.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') from " + table + " t")) {
					rs.next();
					contents.put(table, rs.getString(1));
				}
			}
		}
		return contents;
	}

	private static void sql(String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
