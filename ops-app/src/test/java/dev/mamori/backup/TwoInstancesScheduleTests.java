package dev.mamori.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.MamoriApplication;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import dev.mamori.support.AppFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Mamori instances on one PostgreSQL with the same one-second schedule: each tick runs once.
 */
@RequiresPostgres
class TwoInstancesScheduleTests {

	@TempDir
	Path temp;

	@Test
	void aTickRunsOnceAcrossInstances() throws Exception {
		TestPostgres.Database database = TestPostgres.newDatabase();
		AppFixture app = AppFixture.create(this.temp.resolve("shared"), 20);
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.user(), "--spring.datasource.password=" + database.password(),
				"--mamori.apps.shared.sources[0].id=db", "--mamori.apps.shared.sources[0].type=sqlite",
				"--mamori.apps.shared.sources[0].path=" + app.database, "--mamori.apps.shared.sources[1].id=uploads",
				"--mamori.apps.shared.sources[1].type=directory", "--mamori.apps.shared.sources[1].path=" + app.uploads,
				"--mamori.apps.shared.backup.destination=" + app.destination,
				"--mamori.apps.shared.backup.schedule=* * * * * *",
				"--mamori.apps.shared.backup.retention.keep-last=100"));
		try (ConfigurableApplicationContext first = start(args); ConfigurableApplicationContext second = start(args)) {
			Thread.sleep(10_000);
		}
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement()) {
			ResultSet ticks = statement.executeQuery("select count(*), count(distinct scheduled_for), "
					+ "count(distinct owner) from backup_run where app_id = 'shared' and trigger_type = 'SCHEDULE'");
			ticks.next();
			long runs = ticks.getLong(1);
			assertThat(runs).as("scheduled runs in 10 s").isGreaterThanOrEqualTo(3);
			assertThat(ticks.getLong(2)).as("distinct ticks").isEqualTo(runs);
		}
	}

	private static ConfigurableApplicationContext start(List<String> args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		return application.run(args.toArray(String[]::new));
	}

}
