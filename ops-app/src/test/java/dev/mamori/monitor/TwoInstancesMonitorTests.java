package dev.mamori.monitor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import dev.mamori.MamoriApplication;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import dev.mamori.support.TargetServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Mamori instances on one PostgreSQL with the same monitor checked every second: the target
 * gets one check per interval in total, not one per instance.
 */
@RequiresPostgres
class TwoInstancesMonitorTests {

	@Test
	void eachCheckRunsOnceAcrossInstances() throws Exception {
		TestPostgres.Database database = TestPostgres.newDatabase();
		try (TargetServer target = TargetServer.start()) {
			TargetServer.Endpoint health = target.endpoint("/health");
			List<String> args = List.of("--spring.datasource.url=" + database.url(),
					"--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(), "--mamori.monitoring.min-interval=100ms",
					"--mamori.monitors.shared.type=http", "--mamori.monitors.shared.url=" + target.url("/health"),
					"--mamori.monitors.shared.interval=1s", "--mamori.monitors.shared.timeout=500ms");
			long seconds;
			try (ConfigurableApplicationContext first = start(args); ConfigurableApplicationContext second = start(args)) {
				int before = health.hits();
				long start = System.nanoTime();
				Thread.sleep(8_000);
				seconds = (System.nanoTime() - start) / 1_000_000_000L;
				int hits = health.hits() - before;
				// Both checking would be about twice the seconds; a turn the engine skips after a stall (a
				// loaded machine) only lowers the count.
				assertThat(hits).as("checks in %d s by two instances", seconds).isBetween((int) seconds / 2, (int) seconds + 1);
			}
			try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
					Statement statement = connection.createStatement()) {
				ResultSet rows = statement.executeQuery("select count(*) from monitor");
				rows.next();
				assertThat(rows.getLong(1)).as("one monitor row for both instances").isEqualTo(1);
			}
		}
	}

	private static ConfigurableApplicationContext start(List<String> args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		return application.run(args.toArray(String[]::new));
	}

}
