package dev.mamori.monitor;

/**
 * How one check ended.
 *
 * @param up whether it passed
 * @param responseMs how long the target took to answer (or the check took), {@code null} when it
 * did not answer
 * @param message what was found, in one line: the status, the error, the value measured
 * @param waiting whether there is nothing to judge yet (a backup-freshness monitor before the first
 * backup was due): neither up nor down, the monitor shows a neutral waiting state; such a result
 * is {@code up} so that code which does not know the flag never alerts on it
 */
public record CheckResult(boolean up, Long responseMs, String message, boolean waiting) {

	public CheckResult(boolean up, Long responseMs, String message) {
		this(up, responseMs, message, false);
	}

	public static CheckResult up(Long responseMs, String message) {
		return new CheckResult(true, responseMs, message);
	}

	public static CheckResult down(Long responseMs, String message) {
		return new CheckResult(false, responseMs, message);
	}

	/**
	 * @param message what is awaited, such as {@code waiting for the first backup of ecm}
	 * @return a neutral result: nothing is wrong yet, nothing is proven either
	 */
	public static CheckResult waiting(String message) {
		return new CheckResult(true, null, message, true);
	}

}
