package dev.mamori.monitor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.mamori.support.Http;
import dev.mamori.support.MamoriProcess;
import dev.mamori.support.TargetServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Mamori server killed with SIGKILL while 200 HTTP monitors write their results in groups
 * (one commit a second) into the shipped embedded H2 database: the database opens afterwards, every
 * committed group is there and nothing half-written is; after the restart monitoring goes on by
 * itself, and a clean stop (SIGTERM) writes the results it had gathered.
 */
class KillDuringMonitoringTests {

	private static final int MONITORS = 200;

	@TempDir
	Path temp;

	@Test
	void aServerKilledWhileMonitorsWriteLosesNoCommittedResultAndMonitorsAgainAfterItsRestart() throws Exception {
		try (TargetServer target = TargetServer.start()) {
			target.endpoint("/ok");
			StringBuilder monitors = new StringBuilder();
			for (int i = 0; i < MONITORS; i++) {
				monitors.append("    site-%03d: { type: http, url: \"%s\", interval: 5s, timeout: 4s }\n".formatted(i,
						target.url("/ok")));
			}
			Path config = this.temp.resolve("mamori.yml");
			Files.writeString(config, """
					mamori:
					  data-dir: %s
					  admin-password: %s
					  monitors:
					%s""".formatted(this.temp.resolve("state"), MamoriProcess.ADMIN_PASSWORD, monitors), StandardCharsets.UTF_8);

			double before;
			try (MamoriProcess first = MamoriProcess.start(this.temp, config, null)) {
				first.awaitReady(Duration.ofSeconds(300));
				// Several groups written: each monitor checked about twice.
				Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
					.until(() -> checks(first) >= 2 * MONITORS);
				before = checks(first);
				assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(137);
			}
			long afterKill;
			try (Connection db = open()) {
				afterKill = count(db, "select count(*) from monitor_result");
				assertThat(afterKill).as("the groups committed before the kill (%s checks counted)", before)
					.isGreaterThan(0);
				assertThat(count(db, "select count(*) from monitor where origin = 'CONFIG'")).isEqualTo(MONITORS);
				assertThat(count(db, "select count(*) from monitor_result r where not exists "
						+ "(select 1 from monitor m where m.id = r.monitor_id)")).as("results of no monitor").isZero();
				assertThat(count(db, "select count(*) from monitor where state = 'UP'")).as("states stored with them")
					.isGreaterThan(0);
			}

			double second;
			try (MamoriProcess again = MamoriProcess.start(this.temp, config, null)) {
				again.awaitReady(Duration.ofSeconds(300));
				Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
					.until(() -> checks(again) >= MONITORS);
				second = checks(again);
				ProcessHandle handle = ProcessHandle.of(again.pid()).orElseThrow();
				handle.destroy();
				handle.onExit().get(60, TimeUnit.SECONDS);
			}
			try (Connection db = open()) {
				long total = count(db, "select count(*) from monitor_result");
				assertThat(total).as("results after the restart, up to the clean stop (%s checks counted)", second)
					.isGreaterThanOrEqualTo(afterKill + (long) second);
				assertThat(count(db, "select count(*) from monitor where state = 'UP'")).as("every monitor up")
					.isEqualTo(MONITORS);
			}
		}
	}

	private static double checks(MamoriProcess server) {
		Http.Response metrics = server.http().get("/actuator/prometheus", server.admin());
		assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
		for (String line : metrics.body().lines().toList()) {
			if (line.startsWith("mamori_monitor_checks_total ")) {
				return Double.parseDouble(line.substring("mamori_monitor_checks_total ".length()).trim());
			}
		}
		throw new AssertionError("no mamori_monitor_checks_total in the metrics");
	}

	private Connection open() throws SQLException {
		return DriverManager.getConnection("jdbc:h2:file:" + this.temp.resolve("state/mamori")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
	}

	private static long count(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
