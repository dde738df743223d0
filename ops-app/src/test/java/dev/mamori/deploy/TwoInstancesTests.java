package dev.mamori.deploy;

import java.net.CookieManager;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.MamoriApplication;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.TargetServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Mamori servers on one PostgreSQL, as behind a load balancer: a one-second backup schedule runs
 * each tick once, a one-second monitor is checked once per interval in total, both serve the
 * dashboard, a login made on one is valid on the other (sessions in the database), and a restore
 * started on one is visible on the other.
 */
@RequiresPostgres
class TwoInstancesTests {

	@TempDir
	Path temp;

	@Test
	void twoInstancesShareSchedulesMonitorsSessionsAndRestores() throws Exception {
		TestPostgres.Database database = TestPostgres.newDatabase();
		AppFixture ticking = AppFixture.create(this.temp.resolve("ticking"), 20);
		AppFixture quiet = AppFixture.create(this.temp.resolve("quiet"), 30);
		try (TargetServer target = TargetServer.start()) {
			TargetServer.Endpoint health = target.endpoint("/health");
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database.url(),
					"--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(), "--mamori.monitoring.min-interval=100ms",
					"--mamori.monitors.site.type=http", "--mamori.monitors.site.url=" + target.url("/health"),
					"--mamori.monitors.site.interval=1s", "--mamori.monitors.site.timeout=500ms"));
			args.addAll(app("ticking", ticking, "* * * * * *"));
			args.addAll(app("quiet", quiet, null));
			try (ConfigurableApplicationContext a = start(args); ConfigurableApplicationContext b = start(args)) {
				int portA = port(a);
				int portB = port(b);
				int hitsBefore = health.hits();
				long started = System.nanoTime();

				// One browser, two instances: log in on A, keep going on B.
				CookieManager cookies = new CookieManager();
				Http browserA = Http.withCookies(portA, cookies);
				Http browserB = Http.withCookies(portB, cookies);
				String login = browserA.get("/login", null).body();
				Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
				assertThat(csrf.find()).isTrue();
				browserA.postForm("/login", Map.of("username", "admin", "password", "admin-password-1", "_csrf",
						csrf.group(1)));
				Http.Response dashboardA = browserA.get("/", null);
				Http.Response dashboardB = browserB.get("/", null);
				assertThat(dashboardA.status()).isEqualTo(200);
				assertThat(dashboardB.status()).isEqualTo(200);
				assertThat(dashboardB.body()).contains("admin").doesNotContain("name=\"password\"");

				// A restore started on A is visible on B.
				Auth admin = Auth.basic("admin", "admin-password-1");
				Http apiA = Http.on(portA);
				Http apiB = Http.on(portB);
				long run = apiA.post("/api/apps/quiet/backups", admin, null).json().get("id").asLong();
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(
						() -> "SUCCEEDED".equals(apiB.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
				long snapshot = apiB.get("/api/backup-runs/" + run, admin).json().get("snapshotId").asLong();
				Http.Response restore = apiA.postOnceFree("/api/apps/quiet/restores", admin,
						"{\"snapshot\":" + snapshot + ",\"sources\":[\"db\"],\"confirm\":\"quiet\"}");
				assertThat(restore.status()).as(restore.body()).isEqualTo(202);
				long restoreId = restore.json().get("id").asLong();
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
					JsonNode seen = apiB.get("/api/restores/" + restoreId, admin).json();
					return "SUCCEEDED".equals(seen.get("status").asString());
				});
				assertThat(apiB.get("/api/restores?app=quiet", admin).json().findValuesAsString("status"))
					.contains("SUCCEEDED");

				long remaining = 10_000 - (System.nanoTime() - started) / 1_000_000;
				if (remaining > 0) {
					Thread.sleep(remaining);
				}
				long seconds = (System.nanoTime() - started) / 1_000_000_000L;
				// Both checking would be about twice the seconds; a turn skipped after a stall only lowers it.
				assertThat(health.hits() - hitsBefore).as("monitor checks in %d s by two instances", seconds)
					.isBetween((int) seconds / 2, (int) seconds + 1);
			}
			try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
					Statement statement = connection.createStatement()) {
				ResultSet ticks = statement.executeQuery("select count(*), count(distinct scheduled_for) from backup_run "
						+ "where app_id = 'ticking' and trigger_type = 'SCHEDULE'");
				ticks.next();
				assertThat(ticks.getLong(1)).as("scheduled runs").isGreaterThanOrEqualTo(3);
				assertThat(ticks.getLong(2)).as("distinct ticks").isEqualTo(ticks.getLong(1));
			}
		}
	}

	private static List<String> app(String id, AppFixture fixture, String schedule) {
		String key = "--mamori.apps." + id;
		List<String> args = new ArrayList<>(List.of(key + ".sources[0].id=db", key + ".sources[0].type=sqlite",
				key + ".sources[0].path=" + fixture.database, key + ".sources[1].id=uploads",
				key + ".sources[1].type=directory", key + ".sources[1].path=" + fixture.uploads,
				key + ".backup.destination=" + fixture.destination, key + ".backup.retention.keep-last=100"));
		if (schedule != null) {
			args.add(key + ".backup.schedule=" + schedule);
		}
		return args;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext start(List<String> args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setAdditionalProfiles("test");
		return application.run(args.toArray(String[]::new));
	}

}
