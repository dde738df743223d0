package dev.mamori.monitor;

/**
 * How one check ended.
 *
 * @param up whether it passed
 * @param responseMs how long the target took to answer (or the check took), {@code null} when it
 * did not answer
 * @param message what was found, in one line: the status, the error, the value measured
 */
public record CheckResult(boolean up, Long responseMs, String message) {

	public static CheckResult up(Long responseMs, String message) {
		return new CheckResult(true, responseMs, message);
	}

	public static CheckResult down(Long responseMs, String message) {
		return new CheckResult(false, responseMs, message);
	}

}
