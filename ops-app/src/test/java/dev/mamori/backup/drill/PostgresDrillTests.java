package dev.mamori.backup.drill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import dev.mamori.support.Mailbox;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, acceptance 2: a drill of a real PostgreSQL app restores the snapshot with the real pg_restore
 * into a scratch database {@code <db>_drill_<id>}, checks the row counts against the manifest, validates
 * the constraints (a NOT VALID one too) and runs the verification queries, then drops the scratch
 * database; the live database is never touched. A failing query fails the drill with the query and its
 * result in the report and in an alert mail (GreenMail); a NOT VALID constraint the data breaks fails it
 * naming the constraint.
 */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class PostgresDrillTests {

	@TempDir
	static Path temp;

	static TestPostgres.Database db;

	static TestPostgres.Database broken;

	static final Mailbox mail = new Mailbox();

	@Autowired
	BackupService backups;

	@Autowired
	DrillService drills;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws Exception {
		db = TestPostgres.newDatabase();
		sql(db, "create table customers (id serial primary key, name text not null)",
				"create table orders (id serial primary key, customer_id int references customers(id), total numeric)",
				"insert into customers (name) select 'c' || i from generate_series(1, 300) i",
				"insert into orders (customer_id, total) select 1 + (i % 300), i from generate_series(1, 900) i",
				"alter table orders add constraint total_not_negative check (total >= 0) not valid");
		broken = TestPostgres.newDatabase();
		sql(broken, "create table orders (id serial primary key, total numeric)",
				"insert into orders (total) values (5), (-1), (7)",
				"alter table orders add constraint total_not_negative check (total >= 0) not valid");
		Path destination = Files.createDirectories(temp.resolve("usb"));
		declare(registry, "pgd", db, destination);
		registry.add("mamori.apps.pgd.drill.queries[0].source", () -> "db");
		registry.add("mamori.apps.pgd.drill.queries[0].sql", () -> "select count(*) from customers");
		registry.add("mamori.apps.pgd.drill.queries[0].expect", () -> "AT_LEAST");
		registry.add("mamori.apps.pgd.drill.queries[0].value", () -> "300");
		registry.add("mamori.apps.pgd.drill.queries[1].source", () -> "db");
		registry.add("mamori.apps.pgd.drill.queries[1].sql",
				() -> "select o.id from orders o left join customers c on c.id = o.customer_id where c.id is null");
		registry.add("mamori.apps.pgd.drill.queries[1].expect", () -> "NO_ROWS");
		declare(registry, "pgf", db, destination);
		registry.add("mamori.apps.pgf.drill.queries[0].source", () -> "db");
		registry.add("mamori.apps.pgf.drill.queries[0].sql", () -> "select count(*) from customers where name like 'vip%'");
		registry.add("mamori.apps.pgf.drill.queries[0].expect", () -> "AT_LEAST");
		registry.add("mamori.apps.pgf.drill.queries[0].value", () -> "1");
		declare(registry, "pgv", broken, destination);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
	}

	private static void declare(DynamicPropertyRegistry registry, String app, TestPostgres.Database database, Path destination) {
		registry.add("mamori.apps." + app + ".sources[0].id", () -> "db");
		registry.add("mamori.apps." + app + ".sources[0].type", () -> "postgres");
		registry.add("mamori.apps." + app + ".sources[0].url", database::url);
		registry.add("mamori.apps." + app + ".sources[0].username", database::user);
		registry.add("mamori.apps." + app + ".sources[0].password", database::password);
		registry.add("mamori.apps." + app + ".backup.destination", destination::toString);
		registry.add("mamori.apps." + app + ".drill.scratch", () -> temp.resolve("scratch").toString());
	}

	@AfterAll
	static void stopMail() {
		mail.stop();
	}

	@Test
	void aPostgresDrillRestoresIntoAScratchDatabaseValidatesConstraintsAndDropsIt() throws Exception {
		backup("pgd");
		long customers = count(db, "customers");
		DrillRunView drill = drill("pgd");

		assertThat(drill.status()).as(String.valueOf(drill.error())).isEqualTo("PASSED");
		assertThat(drill.steps()).extracting(DrillResult.Step::name)
			.containsSubsequence("PLAN", "EXTRACT", "SWAP", "CHECK", "CONSTRAINTS", "QUERIES", "CLEANUP");
		assertThat(message(drill, "EXTRACT")).contains(db.name() + "_drill_" + drill.id());
		assertThat(message(drill, "CHECK")).contains("row counts");
		assertThat(message(drill, "CONSTRAINTS")).contains("constraints hold")
			.contains("1 NOT VALID ones validated in the scratch copy: total_not_negative");
		assertThat(message(drill, "QUERIES")).contains("2 verification queries passed");
		assertThat(message(drill, "CLEANUP")).contains("scratch database " + db.name() + "_drill_" + drill.id() + " dropped");
		assertThat(drillDatabases(db)).as("the scratch database is dropped").isEmpty();
		assertThat(count(db, "customers")).as("the live database is untouched").isEqualTo(customers);
		assertThat(notValid(db)).as("the live constraint stays as it was").containsExactly("total_not_negative");
	}

	@Test
	void aFailingVerificationQueryFailsThePostgresDrillWithTheQueryInTheReportAndAMail() throws Exception {
		backup("pgf");
		DrillRunView drill = drill("pgf");

		assertThat(drill.status()).isEqualTo("FAILED");
		String query = "query `select count(*) from customers where name like 'vip%'` on db must return at least 1 but returned 0";
		assertThat(drill.error()).isEqualTo(query);
		String report = this.drills.report(drill.id(), Locale.ENGLISH, java.time.ZoneId.of("UTC"));
		assertThat(report).contains("FAILED").contains(query.replace("|", "\\|")).contains("| QUERIES |");
		assertThat(drillDatabases(db)).as("dropped after a failure too").isEmpty();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !mail.withSubject("[Mamori] RESTORE DRILL FAILED").isEmpty());
		assertThat(mail.withSubject("[Mamori] RESTORE DRILL FAILED")).singleElement()
			.satisfies((m) -> assertThat(Mailbox.body(m)).contains(drill.reportNumber()).contains(query));
	}

	@Test
	void aNotValidConstraintTheDataBreaksFailsTheDrillNamingIt() throws Exception {
		backup("pgv");
		DrillRunView drill = drill("pgv");

		assertThat(drill.status()).isEqualTo("FAILED");
		assertThat(drill.steps()).filteredOn((s) -> s.outcome().equals("FAILED")).extracting(DrillResult.Step::name)
			.containsExactly("CONSTRAINTS");
		assertThat(drill.error()).contains("constraint total_not_negative on public.orders (NOT VALID in the snapshot) does not hold");
		assertThat(drillDatabases(broken)).isEmpty();
	}

	private void backup(String app) {
		BackupRunView run = this.backups.runAndWait(app, "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
	}

	private DrillRunView drill(String app) {
		long id = this.drills.start(app, null, Actor.SYSTEM).id();
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
			.until(() -> this.drills.run(id).finishedAt() != null);
		return this.drills.run(id);
	}

	private static String message(DrillRunView drill, String step) {
		return drill.steps().stream().filter((s) -> s.name().equals(step)).findFirst().orElseThrow().message();
	}

	private static List<String> drillDatabases(TestPostgres.Database database) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select datname from pg_database where datname like '"
						+ database.name() + "\\_drill\\_%'")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	private static List<String> notValid(TestPostgres.Database database) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select conname from pg_constraint where not convalidated")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

	private static long count(TestPostgres.Database database, String table) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void sql(TestPostgres.Database database, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
