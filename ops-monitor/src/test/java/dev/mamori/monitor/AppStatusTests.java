package dev.mamori.monitor;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's rules, owned by monitoring: the colour of an app from its monitors, incidents and
 * backups, and what its monitors say together.
 */
class AppStatusTests {

	@Test
	void aFreshInstallWaitingForItsFirstBackupIsNeutralAndWaitingNotChecking() {
		List<MonitorView> freshness = List.of(monitor(MonitorState.PENDING, false));
		AppStatus status = AppStatus.of(freshness, 0, false, false, false);
		assertThat(status).isEqualTo(AppStatus.NEUTRAL);
		assertThat(status.health(freshness)).isEqualTo(AppStatus.Health.WAITING);
	}

	@Test
	void aStaleOrFailedBackupOrADecidingMonitorNeedsAttention() {
		List<MonitorView> up = List.of(monitor(MonitorState.UP, false));
		assertThat(AppStatus.of(up, 0, true, false, false)).isEqualTo(AppStatus.GREEN);
		assertThat(AppStatus.of(up, 0, true, false, true)).isEqualTo(AppStatus.AMBER);
		assertThat(AppStatus.of(up, 0, true, true, false)).isEqualTo(AppStatus.AMBER);
		List<MonitorView> deciding = List.of(monitor(MonitorState.UP, false), monitor(MonitorState.PENDING, false));
		AppStatus status = AppStatus.of(deciding, 0, true, false, false);
		assertThat(status).isEqualTo(AppStatus.AMBER);
		assertThat(status.health(deciding)).isEqualTo(AppStatus.Health.PENDING);
	}

	@Test
	void aPausedMonitorDecidesNothing() {
		List<MonitorView> paused = List.of(monitor(MonitorState.UP, false), monitor(MonitorState.PENDING, true));
		AppStatus status = AppStatus.of(paused, 0, true, false, false);
		assertThat(status).isEqualTo(AppStatus.GREEN);
		assertThat(status.health(paused)).isEqualTo(AppStatus.Health.UP);
	}

	@Test
	void aDownMonitorOrAnOpenIncidentIsRed() {
		List<MonitorView> down = List.of(monitor(MonitorState.DOWN, false), monitor(MonitorState.UP, false));
		AppStatus status = AppStatus.of(down, 0, true, false, false);
		assertThat(status).isEqualTo(AppStatus.RED);
		assertThat(status.health(down)).isEqualTo(AppStatus.Health.DOWN);
		assertThat(AppStatus.of(List.of(monitor(MonitorState.UP, false)), 1, true, false, false))
			.isEqualTo(AppStatus.RED);
	}

	@Test
	void anAppWithoutMonitorsHasNoHealth() {
		assertThat(AppStatus.of(List.of(), 0, true, false, false).health(List.of())).isEqualTo(AppStatus.Health.NONE);
	}

	private static MonitorView monitor(MonitorState state, boolean paused) {
		return new MonitorView(1, "site", "api", MonitorType.HTTP, "shop", "https://shop.test/health", state, null,
				paused, false, null, null, null, null, null, null, null, null, null);
	}

}
