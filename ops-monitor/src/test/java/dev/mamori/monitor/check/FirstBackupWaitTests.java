package dev.mamori.monitor.check;

import java.time.Duration;
import java.time.Instant;

import dev.mamori.monitor.CheckResult;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirstBackupWaitTests {

	static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

	@Test
	void waitsUntilTheLimitHasPassedSinceWatchingBeganThenIsDown() {
		FirstBackupWait wait = new FirstBackupWait();
		CheckResult first = wait.judge("ecm", Duration.ofHours(26), T0);
		assertThat(first.waiting()).isTrue();
		assertThat(first.message()).isEqualTo("waiting for the first backup of ecm");
		assertThat(wait.judge("ecm", Duration.ofHours(26), T0.plus(Duration.ofHours(25))).waiting()).isTrue();
		CheckResult late = wait.judge("ecm", Duration.ofHours(26), T0.plus(Duration.ofHours(26)));
		assertThat(late.up()).isFalse();
		assertThat(late.waiting()).isFalse();
		assertThat(late.message()).isEqualTo("app ecm has no good backup");
		// Another app waits from its own start.
		assertThat(wait.judge("wiki", Duration.ofHours(26), T0.plus(Duration.ofHours(26))).waiting()).isTrue();
	}

}
