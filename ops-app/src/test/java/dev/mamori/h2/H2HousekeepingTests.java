package dev.mamori.h2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's chunk rewrite, which {@code WRITE_DELAY=0} switches off with H2's background writer, is run
 * by Mamori and keeps the file from growing with every commit. Two databases get the same writes
 * (a table of wide rows updated at random, as monitor states are, plus appended rows, as results
 * are), one with the housekeeping pass once a second and one without. H2 keeps freed space for
 * {@code RETENTION_TIME} before reusing it (45 s by default); the test sets 1 s to see the steady
 * state within seconds.
 */
class H2HousekeepingTests {

	@TempDir
	Path temp;

	@Test
	void theHousekeepingPassKeepsTheFileSmallUnderCommitsThatEachRewriteMostPages() throws Exception {
		JdbcDataSource kept = dataSource("kept");
		JdbcDataSource control = dataSource("control");
		H2Housekeeping housekeeping = new H2Housekeeping(kept, kept.getURL(), true);
		H2Housekeeping notRunning = new H2Housekeeping(control, control.getURL(), false);
		try (Connection a = kept.getConnection(); Connection b = control.getConnection()) {
			create(a);
			create(b);
			Random random = new Random(42);
			boolean rewrote = false;
			for (int second = 0; second < 15; second++) {
				long end = System.nanoTime() + 1_000_000_000L;
				for (int commit = 0; commit < 5; commit++) {
					long seed = random.nextLong();
					write(a, new Random(seed));
					write(b, new Random(seed));
				}
				rewrote |= housekeeping.pass();
				Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
			}
			long withPass = Files.size(this.temp.resolve("kept.mv.db"));
			long without = Files.size(this.temp.resolve("control.mv.db"));
			assertThat(rewrote).as("a pass rewrote chunks").isTrue();
			assertThat(withPass).as("file with the pass (%d bytes) against without it (%d bytes)", withPass, without)
				.isLessThan(without / 2);
			assertThat(notRunning.pass()).as("the pass does its work through the data source it is given").isTrue();
		}
	}

	@Test
	void itRunsOnlyForAnEmbeddedFileWithoutWriteDelayAndWhereSchedulingRuns() {
		JdbcDataSource any = dataSource("unused");
		assertThat(new H2Housekeeping(any, "jdbc:h2:file:/x/mamori;MODE=PostgreSQL;WRITE_DELAY=0", true).enabled())
			.isTrue();
		assertThat(new H2Housekeeping(any, "jdbc:h2:file:/x/mamori;MODE=PostgreSQL", true).enabled())
			.as("H2's own background writer runs").isFalse();
		assertThat(new H2Housekeeping(any, "jdbc:h2:file:/x/mamori;WRITE_DELAY=0", false).enabled())
			.as("the command line").isFalse();
		assertThat(new H2Housekeeping(any, "jdbc:postgresql://127.0.0.1/mamori", true).enabled()).isFalse();
		assertThat(new H2Housekeeping(any, "jdbc:h2:mem:x;WRITE_DELAY=0", true).enabled()).isFalse();
	}

	private JdbcDataSource dataSource(String name) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:file:" + this.temp.resolve(name) + ";WRITE_DELAY=0;RETENTION_TIME=1000");
		dataSource.setUser("sa");
		return dataSource;
	}

	private static void create(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("create table monitor (id int primary key, state varchar(400))");
			statement.execute("create table result (id identity primary key, monitor int, at bigint)");
			statement.execute("create index result_monitor on result (monitor, at)");
			statement.execute("insert into monitor select x, repeat('s', 300) from system_range(1, 2000)");
		}
	}

	/** One commit: 100 monitor rows changed at random and 100 results appended. */
	private static void write(Connection connection, Random random) throws SQLException {
		connection.setAutoCommit(false);
		try (PreparedStatement update = connection.prepareStatement("update monitor set state = ? where id = ?");
				PreparedStatement insert = connection.prepareStatement("insert into result (monitor, at) values (?, ?)")) {
			for (int i = 0; i < 100; i++) {
				int id = 1 + random.nextInt(2000);
				update.setString(1, Long.toString(random.nextLong()).repeat(15));
				update.setInt(2, id);
				update.addBatch();
				insert.setInt(1, id);
				insert.setLong(2, random.nextLong());
				insert.addBatch();
			}
			update.executeBatch();
			insert.executeBatch();
		}
		connection.commit();
		connection.setAutoCommit(true);
	}

}
