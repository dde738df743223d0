package dev.mamori.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mamori.core.Actor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor list keeps the sums of past half hours (sparklines) and of rolled-up hours (uptimes)
 * between page views and moves them with the clock. Here time moves on in steps, results and
 * rollups arrive as checks and the rollup job would write them, and after every step the kept
 * figures equal a computation from scratch (a second history with nothing kept). Times are in 2020
 * so that nothing else in the database falls in them.
 */
@SpringBootTest(properties = { "mamori.scheduling.enabled=false", "spring.application.name=history-cache" })
@ActiveProfiles("test")
class HistoryCacheTests {

	private static final Instant T0 = Instant.parse("2020-03-01T00:07:00Z");

	@Autowired
	MonitorHistory history;

	@Autowired
	MonitorService monitors;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MonitoringSettings settings;

	@Test
	void keptHalfHourSumsEqualAFreshComputationAsTimeMovesOn() {
		long id = monitor("cache-sparkline");
		Instant previous = T0.minus(Duration.ofDays(1));
		int compared = 0;
		for (int step = 0; step < 40; step++) {
			// Uneven steps: within a half hour, across one, across several, and once past a whole day.
			Instant now = previous.plus(Duration.ofMinutes((step == 30) ? 26 * 60 : 7 + (step * 13) % 70));
			for (Instant at = previous.plusSeconds(61); at.isBefore(now); at = at.plusSeconds(97)) {
				this.jdbc.update("insert into monitor_result (monitor_id, checked_at, up, maintenance, response_ms) "
						+ "values (?, ?, ?, ?, ?)", id, Timestamp.from(at), true, false,
						(int) (20 + (at.getEpochSecond() / 97) % 300));
			}
			Map<Long, List<Double>> kept = this.history.halfHourResponseTimes(now, now.plusSeconds(1), 48);
			Map<Long, List<Double>> fresh = fresh().halfHourResponseTimes(now, now.plusSeconds(1), 48);
			assertThat(kept.get(id)).as("step %d at %s", step, now).isNotNull().isEqualTo(fresh.get(id));
			// And the same figures as the generic buckets over the same half hours.
			Instant first = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), 1_800_000) * 1_800_000)
				.minus(Duration.ofMinutes(30 * 47));
			assertThat(kept.get(id))
				.isEqualTo(this.history.responseTimes(first, first.plus(Duration.ofHours(24)), now.plusSeconds(1), 48).get(id));
			previous = now;
			compared++;
		}
		assertThat(compared).isEqualTo(40);
	}

	@Test
	void keptRolledUpHourSumsEqualAFreshComputationAsTheWindowsMove() {
		long id = monitor("cache-uptime");
		Instant hour = T0.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(8));
		Instant to = T0;
		for (int step = 0; step < 30; step++) {
			// The rollup job writes whole hours and moves the watermark; windows end at "now".
			to = to.plus(Duration.ofMinutes((step == 20) ? 3 * 24 * 60 : 25 + (step * 17) % 100));
			Instant rolled = to.minus(Duration.ofMinutes(70)).truncatedTo(ChronoUnit.HOURS);
			for (; hour.isBefore(rolled); hour = hour.plus(Duration.ofHours(1))) {
				int down = (int) (hour.getEpochSecond() / 3600 % 5);
				this.jdbc.update("insert into monitor_rollup (monitor_id, period, bucket_start, up_count, down_count, "
						+ "maintenance_count, response_count, response_sum_ms) values (?, 'HOUR', ?, ?, ?, 0, 0, 0)", id,
						Timestamp.from(hour), 60 - down, down);
			}
			this.jdbc.update("update monitor_job set watermark = ? where name = 'rollup'", Timestamp.from(rolled));
			List<Instant> froms = List.of(to.minus(Duration.ofDays(1)), to.minus(Duration.ofDays(7)),
					to.minus(Duration.ofHours(30)));
			MonitorHistory.Uptime[] kept = this.history.uptimes(froms, to).get(id);
			MonitorHistory.Uptime[] fresh = fresh().uptimes(froms, to).get(id);
			assertThat(kept).as("step %d to %s", step, to).isNotNull().containsExactly(fresh);
			List<MonitorHistory.Uptime> single = new ArrayList<>();
			for (Instant from : froms) {
				single.add(this.history.uptime(id, from, to));
			}
			assertThat(kept).containsExactlyElementsOf(single);
		}
	}

	private MonitorHistory fresh() {
		return new MonitorHistory(this.jdbc, this.transactions, this.settings, Clock.systemUTC());
	}

	private long monitor(String name) {
		return this.monitors.create(name, new MonitorDefinition(MonitorType.TCP, null, Duration.ofSeconds(60),
				Duration.ofSeconds(5), 3, 2, Duration.ZERO, false, List.of(), null, null, "GET", null, null, null, null,
				null, null, "127.0.0.1", 9, null, null, null, null, null, null, null, null, null, null, null, null),
				Actor.SYSTEM)
			.id();
	}

}
