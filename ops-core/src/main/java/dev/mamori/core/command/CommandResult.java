package dev.mamori.core.command;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param commandId the declared id
 * @param exitCode the exit status, or -1 when it was killed after its timeout
 * @param timedOut whether the timeout killed it
 * @param outputTail the last few kilobytes of its combined output
 * @param duration how long it ran
 */
public record CommandResult(String commandId, int exitCode, boolean timedOut, String outputTail, Duration duration) {

	/**
	 * @return whether it exited with 0 before its timeout
	 */
	public boolean succeeded() {
		return !this.timedOut && this.exitCode == 0;
	}

	/**
	 * @return one line saying how it ended
	 */
	public String summary() {
		return this.timedOut ? this.commandId + " timed out after " + this.duration.toSeconds() + " s"
				: this.commandId + " exited with " + this.exitCode;
	}

}
