package dev.mamori.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceWindowTests {

	@Test
	void aRecurringWindowIsOpenFromItsCronStartForItsDuration() {
		MaintenanceWindow nightly = new MaintenanceWindow("0 4 * * *", Duration.ofMinutes(30), null, null);
		Instant four = LocalDate.of(2026, 11, 23).atTime(LocalTime.of(4, 0)).atZone(ZoneId.systemDefault()).toInstant();
		assertThat(nightly.contains(four.minusSeconds(1))).isFalse();
		assertThat(nightly.contains(four)).isTrue();
		assertThat(nightly.contains(four.plus(Duration.ofMinutes(29)))).isTrue();
		assertThat(nightly.contains(four.plus(Duration.ofMinutes(31)))).isFalse();
		assertThat(nightly.valid()).isTrue();
	}

	@Test
	void aOneOffWindowIsOpenBetweenStartAndEnd() {
		Instant start = Instant.parse("2026-11-23T10:00:00Z");
		MaintenanceWindow deploy = new MaintenanceWindow(null, null, start, start.plusSeconds(600));
		assertThat(deploy.contains(start)).isTrue();
		assertThat(deploy.contains(start.plusSeconds(600))).isFalse();
		assertThat(new MaintenanceWindow(null, null, start, start).valid()).isFalse();
		assertThat(new MaintenanceWindow("not cron", Duration.ofMinutes(1), null, null).valid()).isFalse();
	}

}
