package dev.mamori.monitor.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.InvalidConfigurationException;
import dev.mamori.core.Secrets;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.command.OutputTail;
import dev.mamori.monitor.logs.LogsProperties.LogSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Reads declared log sources: the end of a file, or the output of a command run without a shell
 * under its timeout. Bounded everywhere: at most {@value #MAX_BYTES} bytes are read, at most
 * {@value #MAX_LINES} lines considered, each line cut at {@value #MAX_LINE} characters; a search is
 * a plain case-insensitive text match (no regular expression from the web); every line has its
 * secrets masked as the UI masks them.
 */
@Service
public class LogService {

	static final int MAX_BYTES = 4 * 1024 * 1024;

	static final int MAX_LINES = 5000;

	static final int MAX_LINE = 2000;

	static final int MAX_SEARCH = 200;

	private final Map<String, LogSource> sources;

	LogService(LogsProperties properties, ObjectProvider<BackupCatalogView> catalog) {
		this.sources = new LinkedHashMap<>(properties.logs());
		BackupCatalogView apps = catalog.getIfAvailable();
		Set<String> appIds = (apps != null) ? apps.appIds() : null;
		this.sources.forEach((id, source) -> validate(id, source, appIds));
	}

	private static void validate(String id, LogSource source, Set<String> apps) {
		String key = "mamori.logs." + id;
		if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
			throw new InvalidConfigurationException(key, id, "a log source id is 1 to 64 of a-z, 0-9, '-' and '_'");
		}
		if (apps != null && !apps.contains(source.app())) {
			throw new InvalidConfigurationException(key + ".app", source.app(), "not a declared app; declared apps: " + apps);
		}
		boolean command = source.command() != null && !source.command().isEmpty();
		if (command == (source.file() != null)) {
			throw new InvalidConfigurationException(key, null, "exactly one of `command` (an argv list) or `file`");
		}
		if (source.lines() < 1 || source.lines() > MAX_LINES) {
			throw new InvalidConfigurationException(key + ".lines", source.lines(), "between 1 and " + MAX_LINES);
		}
		if (source.timeout().compareTo(Duration.ofSeconds(1)) < 0 || source.timeout().compareTo(Duration.ofSeconds(60)) > 0) {
			throw new InvalidConfigurationException(key + ".timeout", source.timeout(), "between 1s and 60s");
		}
	}

	/**
	 * @return the declared log source ids
	 */
	public Collection<String> ids() {
		return this.sources.keySet();
	}

	/**
	 * @param appId an app
	 * @return the ids of its log sources
	 */
	public List<String> ofApp(String appId) {
		return this.sources.entrySet().stream().filter((e) -> e.getValue().app().equals(appId)).map(Map.Entry::getKey).toList();
	}

	/**
	 * @param id a log source
	 * @return its app
	 */
	public String appOf(String id) {
		return source(id).app();
	}

	/**
	 * Reads the end of a log.
	 * @param id the log source
	 * @param lines how many lines at most, or 0 for the source's default
	 * @param search text the lines must contain (ignoring case), or {@code null}/blank for all
	 * @return the lines, oldest first
	 */
	public LogView read(String id, int lines, String search) {
		LogSource source = source(id);
		int wanted = (lines <= 0) ? source.lines() : Math.min(lines, MAX_LINES);
		String needle = (search == null || search.isBlank()) ? null
				: search.strip().substring(0, Math.min(search.strip().length(), MAX_SEARCH));
		Tail tail;
		try {
			tail = (source.file() != null) ? fileTail(source) : commandTail(source);
		}
		catch (IOException ex) {
			return new LogView(id, source.app(), kind(source), what(source), needle, List.of(), false,
					"could not read: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new LogView(id, source.app(), kind(source), what(source), needle, List.of(), false, "interrupted");
		}
		List<String> all = new ArrayList<>(Arrays.asList(tail.text().split("\r?\n", -1)));
		if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
			all.remove(all.size() - 1);
		}
		boolean cut = tail.cut();
		if (tail.cut() && !all.isEmpty()) {
			// The first line read may be the end of a longer one.
			all.remove(0);
		}
		if (all.size() > MAX_LINES) {
			all = all.subList(all.size() - MAX_LINES, all.size());
			cut = true;
		}
		String lower = (needle != null) ? needle.toLowerCase(Locale.ROOT) : null;
		List<String> shown = new ArrayList<>();
		for (String line : all) {
			if (lower == null || line.toLowerCase(Locale.ROOT).contains(lower)) {
				String bounded = (line.length() > MAX_LINE) ? line.substring(0, MAX_LINE) + " …" : line;
				shown.add(Secrets.maskText(bounded));
			}
		}
		if (shown.size() > wanted) {
			shown = new ArrayList<>(shown.subList(shown.size() - wanted, shown.size()));
			cut = true;
		}
		return new LogView(id, source.app(), kind(source), what(source), needle, shown, cut, tail.error());
	}

	/**
	 * Counts the lines matching a pattern: for a file, the complete lines written after an offset
	 * (from the start again when the file shrank, as after a rotation); for a command, its whole
	 * output.
	 * @param id the log source
	 * @param pattern found in a matching line
	 * @param from the offset returned by the previous count, or -1 for the first: a file is then
	 * only measured, so old lines never count
	 * @return the number of matching lines and the offset to count from next time
	 */
	public Count count(String id, java.util.regex.Pattern pattern, long from) {
		LogSource source = source(id);
		try {
			if (source.file() == null) {
				Tail tail = commandTail(source);
				int matches = 0;
				for (String line : tail.text().split("\r?\n")) {
					if (pattern.matcher(line).find()) {
						matches++;
					}
				}
				return new Count(matches, -1, tail.error());
			}
			try (RandomAccessFile file = new RandomAccessFile(source.file().toFile(), "r")) {
				long size = file.length();
				if (from < 0) {
					return new Count(0, size, null);
				}
				long start = (size < from) ? 0 : from;
				start = Math.max(start, size - MAX_BYTES);
				byte[] bytes = new byte[(int) (size - start)];
				file.seek(start);
				file.readFully(bytes);
				int end = bytes.length;
				while (end > 0 && bytes[end - 1] != '\n') {
					end--;
				}
				int matches = 0;
				for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\r?\n")) {
					if (!line.isEmpty() && pattern.matcher(line).find()) {
						matches++;
					}
				}
				return new Count(matches, start + end, null);
			}
		}
		catch (IOException ex) {
			return new Count(0, from, "could not read " + id + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Count(0, from, "interrupted");
		}
	}

	/**
	 * @param matches matching lines counted
	 * @param offset where to count from next time ({@code -1} for a command)
	 * @param error why the log could not be read, or {@code null}
	 */
	public record Count(int matches, long offset, String error) {
	}

	private LogSource source(String id) {
		LogSource source = this.sources.get(id);
		if (source == null) {
			throw new LogNotFoundException(id);
		}
		return source;
	}

	private static String kind(LogSource source) {
		return (source.file() != null) ? "file" : "command";
	}

	private static String what(LogSource source) {
		return (source.file() != null) ? source.file().toString() : source.command().get(0);
	}

	private static Tail fileTail(LogSource source) throws IOException {
		if (!Files.isRegularFile(source.file())) {
			throw new IOException(source.file() + " is not a readable file");
		}
		try (RandomAccessFile file = new RandomAccessFile(source.file().toFile(), "r")) {
			long size = file.length();
			long start = Math.max(0, size - MAX_BYTES);
			byte[] bytes = new byte[(int) (size - start)];
			file.seek(start);
			file.readFully(bytes);
			return new Tail(new String(bytes, StandardCharsets.UTF_8), start > 0, null);
		}
	}

	private static Tail commandTail(LogSource source) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(source.command()).redirectErrorStream(true).start();
		process.getOutputStream().close();
		OutputTail ring = new OutputTail(process.getInputStream(), MAX_BYTES);
		ring.start();
		boolean finished = process.waitFor(source.timeout().toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
		ring.join(5000);
		String error = !finished ? "stopped after " + source.timeout().toSeconds() + " s"
				: (process.exitValue() != 0) ? source.command().get(0) + " exited with " + process.exitValue() : null;
		return new Tail(ring.text(), ring.cut(), error);
	}

	private record Tail(String text, boolean cut, String error) {
	}

}
