package dev.mamori.monitor.action;

import java.time.Instant;
import java.util.Map;

/**
 * One run of an action.
 *
 * @param id run id
 * @param actionId the action
 * @param appId the action's app
 * @param status {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}
 * @param requestedBy who started it
 * @param parameters the values chosen
 * @param startedAt when it started
 * @param finishedAt when it ended, or {@code null} while it runs
 * @param durationMs how long it took, or {@code null} while it runs
 * @param exitCode the command's exit status, or {@code null} when it did not run or still runs
 * @param timedOut whether its timeout killed it
 * @param output the last part of its output (while it runs: what has arrived so far)
 * @param outputBytes how many bytes of output it wrote in all
 * @param outputCut whether the beginning of the output was dropped to keep it bounded
 * @param message how it ended in one line (a failed check says which), or {@code null}
 */
public record ActionRunView(long id, String actionId, String appId, String status, String requestedBy,
		Map<String, String> parameters, Instant startedAt, Instant finishedAt, Long durationMs, Integer exitCode,
		boolean timedOut, String output, long outputBytes, boolean outputCut, String message) {

	/**
	 * @return whether it is still running
	 */
	public boolean running() {
		return "RUNNING".equals(this.status);
	}

}
