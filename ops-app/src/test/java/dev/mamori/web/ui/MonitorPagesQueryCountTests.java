package dev.mamori.web.ui;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.ResultView;
import dev.mamori.monitor.Uptimes;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.SqlStatements;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /monitors} and the dashboard cost the same number of SQL statements with 20 monitors as
 * with 200 (each with a day of results and hourly rollups): uptimes and sparklines come from batch
 * queries, not from a few queries per monitor. The batch figures agree with the per-monitor ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class MonitorPagesQueryCountTests {

	/** Statements of the server's request threads, not of the test's own set-up. */
	private static final Predicate<String> REQUEST_THREADS = (thread) -> thread.contains("-exec-");

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	MonitorService monitors;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SqlStatements statements;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		// A new directory for each context (the second test starts its own).
		AppFixture.create(temp.resolve("blog-" + System.nanoTime()), 5).register(registry, "blog", null);
	}

	@Test
	void monitorsPageAndDashboardRunAFixedNumberOfStatementsWhateverTheNumberOfMonitors() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		UiSession session = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER),
				"en");
		Instant now = Instant.now();
		addMonitors(0, 20, now);
		this.monitors.rollUpAndPrune();
		List<String> monitorsWith20 = statementsOf(session, "/monitors", 20);
		List<String> dashboardWith20 = statementsOf(session, "/", 0);

		addMonitors(20, 200, now);
		List<String> monitorsWith200 = statementsOf(session, "/monitors", 200);
		List<String> dashboardWith200 = statementsOf(session, "/", 0);

		assertThat(monitorsWith200).as("statements of /monitors with 200 monitors (20 ran %d):%n%s", monitorsWith20.size(),
				summary(monitorsWith200)).hasSameSizeAs(monitorsWith20);
		assertThat(dashboardWith200).as("statements of / with 200 monitors (20 ran %d):%n%s", dashboardWith20.size(),
				summary(dashboardWith200)).hasSameSizeAs(dashboardWith20);
		// Fixed and small: not a statement per monitor hidden behind a per-page constant.
		assertThat(monitorsWith200).hasSizeLessThan(20);
	}

	@Test
	// A fresh context: the other test's page views kept sums of past half hours and rolled-up hours
	// that these results, written into the past, would not be in (checks only ever add the present).
	@DirtiesContext(methodMode = DirtiesContext.MethodMode.BEFORE_METHOD)
	void batchUptimesAndSparklinesAgreeWithThePerMonitorFigures() {
		Instant now = Instant.now();
		addMonitors(1000, 1010, now);
		this.monitors.rollUpAndPrune();
		RoleUsers.ensure(this.users, Role.VIEWER);
		UiSession session = UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER),
				"en");
		String page = session.get("/monitors", "en").body();
		Map<Long, Uptimes> uptimes = this.monitors.uptimes();
		Instant pageTime = Instant.now();
		int compared = 0;
		for (MonitorView monitor : this.monitors.list(false)) {
			if (!monitor.name().startsWith("load-10")) {
				continue;
			}
			Uptimes single = this.monitors.uptime(monitor.id());
			assertThat(uptimes.get(monitor.id())).as(monitor.name()).isEqualTo(single);
			assertThat(single.day()).isNotNull().isLessThan(100.0);
			// The sparkline as the page drew it from each monitor's results before (same clock minute).
			List<ResultView> results = this.monitors.results(monitor.id(), pageTime.minus(Duration.ofDays(1)),
					pageTime.plusSeconds(1));
			String expected = perMonitorSparkline(results, pageTime);
			assertThat(expected).isNotEmpty();
			assertThat(page).contains("data-monitor=\"" + monitor.name() + "\"").contains("points=\"" + expected + "\"");
			compared++;
		}
		assertThat(compared).isEqualTo(10);
	}

	private List<String> statementsOf(UiSession session, String path, int expectedRows) {
		// Once to warm caches that fill on first use, then counted.
		assertThat(session.get(path, "en").status()).isEqualTo(200);
		this.statements.clear();
		Http.Response response = session.get(path, "en");
		assertThat(response.status()).isEqualTo(200);
		if (expectedRows > 0) {
			// The other test's monitors may be there too (one database for the class).
			assertThat(response.body().split("data-monitor=\"load-", -1)).hasSizeGreaterThan(expectedRows);
			assertThat(response.body()).contains("data-monitor=\"load-" + (expectedRows - 1) + "\"");
			assertThat(response.body()).contains("%");
		}
		return this.statements.on(REQUEST_THREADS);
	}

	/**
	 * Monitors {@code load-<from>} to {@code load-<to - 1>}, half of them attached to the app, each
	 * with 40 results over the last 10 hours (every seventh down).
	 */
	private void addMonitors(int from, int to, Instant now) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = from; i < to; i++) {
			String name = "load-" + i;
			long id = this.monitors.create(name, new MonitorForm(name, "TCP", "", "", "", "", "", "", "127.0.0.1", 9, null,
					"", "", "1h", "1s", 3, 2, false, (i % 2 == 0) ? "blog" : "").apply(null), Actor.SYSTEM).id();
			for (int k = 0; k < 40; k++) {
				// Two results in each half hour, minutes away from where the page's half hours start.
				long minutes = 30L * (k / 2) + ((k % 2 == 0) ? 10 + i % 3 : 20);
				Instant at = now.minus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.MILLIS);
				boolean up = (k + i) % 7 != 0;
				rows.add(new Object[] { id, Timestamp.from(at), up, false, 20 + (i * 7 + k * 13) % 300,
						up ? "ok" : "connection refused" });
			}
		}
		this.jdbc.batchUpdate("insert into monitor_result (monitor_id, checked_at, up, maintenance, response_ms, message) "
				+ "values (?, ?, ?, ?, ?, ?)", rows);
	}

	private static String summary(List<String> sql) {
		return sql.stream()
			.collect(Collectors.groupingBy((s) -> s, java.util.LinkedHashMap::new, Collectors.counting()))
			.entrySet()
			.stream()
			.map((e) -> e.getValue() + " x " + e.getKey())
			.collect(Collectors.joining("\n"));
	}

	/**
	 * The sparkline computed per monitor from its raw results, as the page drew it before the batch
	 * query: the average of each of the last 48 half hours of the clock, the last the current one.
	 */
	private static String perMonitorSparkline(List<ResultView> results, Instant now) {
		int n = 48;
		double[] sum = new double[n];
		int[] count = new int[n];
		long width = Duration.ofMinutes(30).toMillis();
		long start = Math.floorDiv(now.toEpochMilli(), width) * width - (n - 1) * width;
		for (ResultView result : results) {
			if (result.responseMs() == null || result.checkedAt().toEpochMilli() < start) {
				continue;
			}
			int bucket = (int) Math.min(n - 1, (result.checkedAt().toEpochMilli() - start) / width);
			sum[bucket] += result.responseMs();
			count[bucket]++;
		}
		double max = 1;
		for (int i = 0; i < n; i++) {
			if (count[i] > 0) {
				max = Math.max(max, sum[i] / count[i]);
			}
		}
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < n; i++) {
			if (count[i] > 0) {
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 100.0 * i / (n - 1), 19 - 18 * (sum[i] / count[i]) / max));
			}
		}
		return points.toString().strip();
	}

	@TestConfiguration
	static class Counting {

		@Bean
		static SqlStatements sqlStatements() {
			return new SqlStatements();
		}

	}

}
