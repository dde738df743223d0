package dev.mamori.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionTests {

	static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

	@Test
	void failuresBelowTheThresholdArePendingAndTheThresholdOpensOneIncident() {
		List<Step> steps = run(definition(3, 2), true, false, false, false, false);
		assertThat(steps).extracting(Step::state)
			.containsExactly(MonitorState.UP, MonitorState.PENDING, MonitorState.PENDING, MonitorState.DOWN,
					MonitorState.DOWN);
		assertThat(steps).extracting(Step::action)
			.containsExactly(Transition.Action.NONE, Transition.Action.NONE, Transition.Action.NONE,
					Transition.Action.OPEN, Transition.Action.STILL_DOWN);
	}

	@Test
	void anIncidentClosesOnlyAfterTheSuccessThresholdInARow() {
		List<Step> steps = run(definition(1, 3), false, true, true, false, true, true, true);
		assertThat(steps).extracting(Step::action)
			.containsExactly(Transition.Action.OPEN, Transition.Action.NONE, Transition.Action.NONE,
					Transition.Action.STILL_DOWN, Transition.Action.NONE, Transition.Action.NONE, Transition.Action.CLOSE);
		assertThat(steps.get(steps.size() - 1).state()).isEqualTo(MonitorState.UP);
	}

	@Test
	void aFlappingTargetOpensAtMostOneIncident() {
		boolean[] flapping = new boolean[40];
		for (int i = 0; i < flapping.length; i++) {
			flapping[i] = i % 2 == 0;
		}
		List<Step> steps = run(definition(1, 2), flapping);
		assertThat(steps.stream().filter((s) -> s.action() == Transition.Action.OPEN)).hasSize(1);
		assertThat(steps.stream().filter((s) -> s.action() == Transition.Action.CLOSE)).isEmpty();
	}

	@Test
	void maintenanceResetsCountersAndNeverOpensOrCloses() {
		MonitorDefinition d = definition(1, 1);
		MonitorRow row = row(null);
		Transition.Outcome outcome = Transition.apply(row, d, CheckResult.down(null, "x"), T0, true, false);
		assertThat(outcome.row().state()).isEqualTo(MonitorState.MAINTENANCE);
		assertThat(outcome.action()).isEqualTo(Transition.Action.NONE);
		assertThat(outcome.row().failures()).isZero();
		Transition.Outcome open = Transition.apply(row(7L), d, CheckResult.up(1L, "ok"), T0, true, false);
		assertThat(open.action()).isEqualTo(Transition.Action.NONE);
		assertThat(open.row().openIncidentId()).isEqualTo(7L);
	}

	@Test
	void decisiveResultsIgnoreTheThresholds() {
		MonitorDefinition d = definition(5, 5);
		assertThat(Transition.apply(row(null), d, CheckResult.down(null, "fail"), T0, false, true).action())
			.isEqualTo(Transition.Action.OPEN);
		assertThat(Transition.apply(row(3L), d, CheckResult.up(null, "ping"), T0, false, true).action())
			.isEqualTo(Transition.Action.CLOSE);
	}

	@Test
	void theStateSinceChangesOnlyWithTheState() {
		MonitorRow row = row(null);
		Transition.Outcome first = Transition.apply(row, definition(3, 2), CheckResult.up(1L, "ok"), T0, false, false);
		Transition.Outcome second = Transition.apply(first.row(), definition(3, 2), CheckResult.up(1L, "ok"),
				T0.plusSeconds(30), false, false);
		assertThat(second.row().stateSince()).isEqualTo(T0);
	}

	@Test
	void waitingForAFirstBackupIsNeutralAndALateFirstBackupStillOpensAnIncident() {
		MonitorDefinition d = definition(1, 1);
		Transition.Outcome waiting = Transition.apply(row(null), d, CheckResult.waiting("waiting for the first backup of ecm"),
				T0, false, false);
		assertThat(waiting.row().state()).isEqualTo(MonitorState.WAITING);
		assertThat(waiting.action()).isEqualTo(Transition.Action.NONE);
		Transition.Outcome late = Transition.apply(waiting.row(), d, CheckResult.down(null, "app ecm has no good backup"),
				T0.plusSeconds(60), false, false);
		assertThat(late.row().state()).isEqualTo(MonitorState.DOWN);
		assertThat(late.action()).isEqualTo(Transition.Action.OPEN);
		// An incident already open is not hidden by a waiting result (such as after a restart).
		Transition.Outcome open = Transition.apply(row(4L), d, CheckResult.waiting("waiting"), T0, false, false);
		assertThat(open.row().state()).isEqualTo(MonitorState.DOWN);
		assertThat(open.action()).isEqualTo(Transition.Action.STILL_DOWN);
	}

	private static List<Step> run(MonitorDefinition d, boolean... up) {
		MonitorRow row = row(null);
		List<Step> steps = new ArrayList<>();
		long incidents = 0;
		for (int i = 0; i < up.length; i++) {
			CheckResult result = up[i] ? CheckResult.up(5L, "ok") : CheckResult.down(null, "HTTP 503");
			Transition.Outcome outcome = Transition.apply(row, d, result, T0.plusSeconds(i), false, false);
			row = outcome.row();
			if (outcome.action() == Transition.Action.OPEN) {
				row = with(row, ++incidents);
			}
			else if (outcome.action() == Transition.Action.CLOSE) {
				row = with(row, null);
			}
			steps.add(new Step(row.state(), outcome.action()));
		}
		return steps;
	}

	static MonitorDefinition definition(int failures, int successes) {
		return new MonitorDefinition(MonitorType.HTTP, null, Duration.ofSeconds(30), Duration.ofSeconds(5), failures,
				successes, Duration.ZERO, false, null, null, "http://127.0.0.1/", "GET", null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	static MonitorRow row(Long incident) {
		return new MonitorRow(1, "m", MonitorRow.API, MonitorType.HTTP, null, null, false, MonitorState.PENDING, T0, 0, 0,
				null, null, null, null, null, incident, T0);
	}

	private static MonitorRow with(MonitorRow r, Long incident) {
		return new MonitorRow(r.id(), r.name(), r.origin(), r.type(), null, null, false, r.state(), r.stateSince(),
				r.failures(), r.successes(), r.lastCheckedAt(), r.lastUp(), r.lastMessage(), r.lastResponseMs(), null,
				incident, r.createdAt());
	}

	record Step(MonitorState state, Transition.Action action) {
	}

}
