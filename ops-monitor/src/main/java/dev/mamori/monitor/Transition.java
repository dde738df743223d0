package dev.mamori.monitor;

import java.time.Instant;


/**
 * The state machine of one monitor: what a result does to its state and counters, and whether an
 * incident opens or closes. Pure, so every rule is tested without a clock or a database.
 *
 * <ul>
 * <li>A failure below the failure threshold leaves a monitor without an incident {@code PENDING};
 * at the threshold it goes {@code DOWN} and an incident opens.</li>
 * <li>A success closes an open incident only after the success threshold in a row; a monitor
 * without an incident is {@code UP} at once.</li>
 * <li>Inside a maintenance window the monitor is {@code MAINTENANCE}: counters are reset, nothing
 * opens or closes.</li>
 * <li>{@code decisive} results (heartbeat pings and {@code /fail}) act at once.</li>
 * <li>A waiting result (nothing to judge yet, such as no first backup) leaves a monitor without an
 * incident {@code WAITING} with its counters reset; with an open incident it counts as a failure.</li>
 * </ul>
 */
final class Transition {

	private static final int CAP = 1_000_000;

	private Transition() {
	}

	/**
	 * @param row the monitor before
	 * @param definition its definition
	 * @param result the result
	 * @param at when the result was taken
	 * @param maintenance whether a maintenance window is open
	 * @param decisive whether the result acts regardless of thresholds
	 * @return the monitor after, and what happens to its incident
	 */
	static Outcome apply(MonitorRow row, MonitorDefinition definition, CheckResult result, Instant at,
			boolean maintenance, boolean decisive) {
		int failures;
		int successes;
		MonitorState state;
		Action action = Action.NONE;
		boolean hasIncident = row.openIncidentId() != null;
		if (maintenance) {
			failures = 0;
			successes = 0;
			state = MonitorState.MAINTENANCE;
		}
		else if (result.waiting() && !hasIncident) {
			failures = 0;
			successes = 0;
			state = MonitorState.WAITING;
		}
		else if (result.up() && !result.waiting()) {
			failures = 0;
			successes = Math.min(CAP, row.successes() + 1);
			if (hasIncident && !decisive && successes < definition.successThreshold()) {
				state = MonitorState.DOWN;
			}
			else {
				state = MonitorState.UP;
				action = hasIncident ? Action.CLOSE : Action.NONE;
			}
		}
		else {
			successes = 0;
			failures = Math.min(CAP, row.failures() + 1);
			if (hasIncident) {
				state = MonitorState.DOWN;
				action = Action.STILL_DOWN;
			}
			else if (decisive || failures >= definition.failureThreshold()) {
				state = MonitorState.DOWN;
				action = Action.OPEN;
			}
			else {
				state = MonitorState.PENDING;
			}
		}
		Instant since = (state == row.state()) ? row.stateSince() : at;
		MonitorRow after = new MonitorRow(row.id(), row.name(), row.origin(), row.type(), row.definitionJson(),
				row.heartbeatToken(), row.paused(), state, since, failures, successes, at, result.up(), result.message(),
				result.responseMs(), row.lastPingAt(), row.openIncidentId(), row.createdAt());
		return new Outcome(after, action);
	}

	/**
	 * @param row the monitor after the result
	 * @param action what happens to its incident
	 */
	record Outcome(MonitorRow row, Action action) {
	}

	/** What a result does to the monitor's incident. */
	enum Action {

		/** Nothing. */
		NONE,

		/** Open one. */
		OPEN,

		/** The open one goes on (re-notify may be due). */
		STILL_DOWN,

		/** Close the open one. */
		CLOSE

	}

}
