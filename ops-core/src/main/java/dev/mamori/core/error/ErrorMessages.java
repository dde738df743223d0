package dev.mamori.core.error;

/**
 * Error messages made fit for one line of output (the command line's, a refusal's).
 */
public final class ErrorMessages {

	private ErrorMessages() {
	}

	/**
	 * @param message an exception's message, possibly {@code null} or several lines long
	 * @return its first line, stripped; {@code "unknown error"} when there is none
	 */
	public static String firstLine(String message) {
		if (message == null) {
			return "unknown error";
		}
		String line = message.strip();
		int end = line.indexOf('\n');
		return (end > 0) ? line.substring(0, end).strip() : line;
	}

}
