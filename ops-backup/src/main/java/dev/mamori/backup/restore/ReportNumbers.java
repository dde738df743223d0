package dev.mamori.backup.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Recovery report numbers {@code REC-YYYY-NNN} that stay unique across instances and fresh
 * installs: the report is written to the backup destination as {@code .mamori-reports/<number>.md},
 * created exclusively, and the sequence continues from what is already there, so two machines or a
 * new database on the same drive never hand out a number twice.
 */
public final class ReportNumbers {

	/** Where reports go, inside the destination. */
	public static final String DIRECTORY = ".mamori-reports";

	private static final Pattern NAME = Pattern.compile("([A-Z]{3})-(\\d{4})-(\\d{3,})\\.md");

	private ReportNumbers() {
	}

	/**
	 * Claims the next number and writes the report under it.
	 * @param destination the app's backup destination
	 * @param prefix {@code REC} or {@code DRL}
	 * @param year the year of the run
	 * @param atLeast a number already known to be used (from a database), or 0
	 * @param report renders the report for a number
	 * @return the number claimed
	 */
	public static String claim(Path destination, String prefix, int year, long atLeast,
			java.util.function.Function<String, String> report) throws IOException {
		Path directory = destination.resolve(DIRECTORY);
		Files.createDirectories(directory);
		long next = Math.max(atLeast, highest(directory, prefix, year)) + 1;
		for (int tries = 0; tries < 1000; tries++, next++) {
			String number = format(prefix, year, next);
			try {
				Files.write(directory.resolve(number + ".md"), report.apply(number).getBytes(StandardCharsets.UTF_8),
						java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
				return number;
			}
			catch (FileAlreadyExistsException ex) {
				// Another instance took it a moment ago: the next one.
			}
		}
		throw new IOException("no free report number in " + directory);
	}

	/**
	 * @param prefix {@code REC} or {@code DRL}
	 * @param year the year
	 * @param ordinal the sequence number
	 * @return such as {@code REC-2026-004}
	 */
	public static String format(String prefix, int year, long ordinal) {
		return String.format(Locale.ROOT, "%s-%d-%03d", prefix, year, ordinal);
	}

	/**
	 * @param number such as {@code REC-2026-004}
	 * @return its sequence number, or 0 when it is not such a number
	 */
	public static long ordinal(String number) {
		Matcher matcher = NAME.matcher((number != null) ? number + ".md" : "");
		return matcher.matches() ? Long.parseLong(matcher.group(3)) : 0;
	}

	private static long highest(Path directory, String prefix, int year) throws IOException {
		long highest = 0;
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Matcher matcher = NAME.matcher(file.getFileName().toString());
				if (matcher.matches() && matcher.group(1).equals(prefix) && Integer.parseInt(matcher.group(2)) == year) {
					highest = Math.max(highest, Long.parseLong(matcher.group(3)));
				}
			}
		}
		return highest;
	}

}
