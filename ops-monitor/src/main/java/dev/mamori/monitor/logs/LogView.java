package dev.mamori.monitor.logs;

import java.util.List;

/**
 * The end of a log, as shown: at most the lines asked for, each bounded and with secrets masked.
 *
 * @param id the log source
 * @param app its app
 * @param kind {@code command} or {@code file}
 * @param source what is read: the program name or the file path
 * @param search the text searched for, or {@code null}
 * @param lines the lines, oldest first
 * @param cut whether older lines were left out (more than asked for, or more than Mamori reads)
 * @param error why the log could not be read, or {@code null}
 */
public record LogView(String id, String app, String kind, String source, String search, List<String> lines, boolean cut,
		String error) {

	/**
	 * @return the lines joined by newlines, as a page shows them
	 */
	public String text() {
		return String.join("\n", this.lines);
	}

}
