package dev.mamori.monitor;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.mamori.core.Actor;
import dev.mamori.core.testsupport.MutableClock;
import dev.mamori.support.TestClockConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history stays bounded and uptime survives it: two days of results at one per minute are
 * rolled up per hour and day, raw results older than 24 h are deleted, old rollups too, and uptime
 * from the rollups equals uptime counted from the raw results before they were deleted.
 */
@SpringBootTest(properties = "mamori.monitoring.enabled=false")
@ActiveProfiles("test")
@Import(TestClockConfiguration.class)
class MonitorHistoryTests {

	@Autowired
	MonitorService monitors;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void resultsOlderThanTheRawPeriodAreRolledUpAndDeletedAndUptimeStaysTheSame() {
		MonitorView monitor = this.monitors.create("history", new MonitorDefinition(MonitorType.TCP, null,
				Duration.ofSeconds(60), Duration.ofSeconds(5), 3, 2, Duration.ZERO, false, List.of(), null, null, "GET",
				null, null, null, null, null, null, "127.0.0.1", 9, null, null, null, null, null, null, null, null, null,
				null, null), Actor.SYSTEM);
		long id = monitor.id();
		// At half past noon UTC, 49 hours back start in the day before yesterday: the days that ended are exactly two.
		// (Just after midnight they would be three, which made this test fail when run then.)
		Instant clockNow = this.clock.instant();
		Instant noon = clockNow.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(12 * 60 + 30));
		this.clock.advance(Duration.between(clockNow, noon.isAfter(clockNow) ? noon : noon.plus(Duration.ofDays(1))));
		Instant now = this.clock.instant();
		Instant start = now.minus(Duration.ofHours(49)).truncatedTo(ChronoUnit.MINUTES);
		Random random = new Random(42);
		List<Object[]> rows = new ArrayList<>();
		for (Instant at = start; at.isBefore(now); at = at.plus(Duration.ofMinutes(1))) {
			boolean up = random.nextInt(10) != 0;
			boolean maintenance = random.nextInt(50) == 0;
			rows.add(new Object[] { id, Timestamp.from(at), up, maintenance, up ? 20 + random.nextInt(200) : null });
		}
		// An hourly rollup from long ago, past the 90-day retention.
		this.jdbc.update("insert into monitor_rollup (monitor_id, period, bucket_start, up_count, down_count, "
				+ "maintenance_count, response_count, response_sum_ms) values (?, 'HOUR', ?, 1, 0, 0, 0, 0)", id,
				Timestamp.from(now.minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.HOURS)));
		this.jdbc.batchUpdate("insert into monitor_result (monitor_id, checked_at, up, maintenance, response_ms) "
				+ "values (?, ?, ?, ?, ?)", rows);

		Instant dayAgo = now.minus(Duration.ofDays(1));
		long[] rawDay = rawCounts(id, dayAgo.truncatedTo(ChronoUnit.HOURS), now.plusSeconds(1));
		long[] rawAll = rawCounts(id, start, now.plusSeconds(1));
		Instant someHour = now.minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.HOURS);
		int rawP95 = rawP95(id, someHour);

		assertThat(this.monitors.rollUpAndPrune()).isTrue();

		assertThat(this.jdbc.queryForObject("select count(*) from monitor_result where checked_at < ?", Integer.class,
				Timestamp.from(dayAgo))).as("raw results older than 24 h").isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from monitor_result where checked_at >= ?", Integer.class,
				Timestamp.from(now.truncatedTo(ChronoUnit.HOURS)))).as("the current hour's raw results stay").isPositive();
		assertThat(this.jdbc.queryForObject("select count(*) from monitor_rollup where period = 'HOUR' and bucket_start < ?",
				Integer.class, Timestamp.from(now.minus(Duration.ofDays(90))))).as("hourly rollups past 90 days").isZero();
		int hours = this.jdbc.queryForObject("select count(*) from monitor_rollup where monitor_id = ? and period = 'HOUR'",
				Integer.class, id);
		assertThat(hours).isBetween(48, 50);
		assertThat(this.jdbc.queryForObject("select count(*) from monitor_rollup where monitor_id = ? and period = 'DAY' "
				+ "and bucket_start >= ?", Integer.class, id, Timestamp.from(start.truncatedTo(ChronoUnit.DAYS))))
			.as("complete UTC days in the last 49 hours").isEqualTo(2);
		assertThat(this.monitors.rollups(id, "HOUR", someHour, someHour.plusSeconds(1)).get(0).p95Ms()).isEqualTo(rawP95);

		Uptimes uptime = this.monitors.uptime(id);
		assertThat(uptime.day()).isEqualTo(100.0 * rawDay[0] / (rawDay[0] + rawDay[1]));
		assertThat(uptime.week()).isEqualTo(100.0 * rawAll[0] / (rawAll[0] + rawAll[1]));
		assertThat(uptime.month()).isEqualTo(uptime.week());

		// A second run an hour later changes nothing it already did, and keeps uptime equal.
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.monitors.rollUpAndPrune()).isTrue();
		assertThat(this.monitors.uptime(id).week()).isEqualTo(uptime.week());
		assertThat(this.jdbc.queryForObject("select count(*) from monitor_rollup where monitor_id = ? and period = 'HOUR'",
				Integer.class, id)).isBetween(hours, hours + 1);
	}

	private long[] rawCounts(long id, Instant from, Instant to) {
		long[] counts = new long[2];
		this.jdbc.query("select up from monitor_result where monitor_id = ? and maintenance = false and checked_at >= ? "
				+ "and checked_at < ?", (rs) -> {
					counts[rs.getBoolean(1) ? 0 : 1]++;
				}, id, Timestamp.from(from), Timestamp.from(to));
		return counts;
	}

	private int rawP95(long id, Instant hour) {
		int[] values = this.jdbc.queryForList("select response_ms from monitor_result where monitor_id = ? "
				+ "and checked_at >= ? and checked_at < ? and response_ms is not null", Integer.class, id,
				Timestamp.from(hour), Timestamp.from(hour.plus(Duration.ofHours(1))))
			.stream()
			.mapToInt(Integer::intValue)
			.toArray();
		Arrays.sort(values);
		return values[(int) Math.ceil(0.95 * values.length) - 1];
	}

}
