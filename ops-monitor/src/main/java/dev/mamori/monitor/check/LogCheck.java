package dev.mamori.monitor.check;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;
import dev.mamori.monitor.logs.LogService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Too many matching lines in a log ("ERROR" more than 10 times in 5 minutes) is DOWN. For a file,
 * each check counts the lines written since the previous one and keeps the counts of the window;
 * the first check only measures the file. For a command, its output is counted as a whole.
 */
@Component
class LogCheck implements Check {

	private final ObjectProvider<LogService> logs;

	private final CheckExecutors executors;

	private final Clock clock;

	/** Per monitor definition: the file offset and the counts of the window. */
	private final Map<MonitorDefinition, Window> windows = Collections.synchronizedMap(new IdentityHashMap<>());

	LogCheck(ObjectProvider<LogService> logs, CheckExecutors executors, Clock clock) {
		this.logs = logs;
		this.executors = executors;
		this.clock = clock;
	}

	@Override
	public MonitorType type() {
		return MonitorType.LOG;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> check(d));
	}

	private CheckResult check(MonitorDefinition d) {
		MonitorDefinition.LogMatch match = d.logMatch();
		LogService logs = this.logs.getIfAvailable();
		if (logs == null || match == null) {
			return CheckResult.down(null, "no log sources are declared");
		}
		Window window = this.windows.computeIfAbsent(d, (key) -> new Window(Pattern.compile(match.pattern())));
		synchronized (window) {
			LogService.Count count = logs.count(match.source(), window.pattern, window.offset);
			if (count.error() != null && count.offset() == window.offset && count.matches() == 0) {
				return CheckResult.down(null, "log " + match.source() + ": " + count.error());
			}
			Instant now = this.clock.instant();
			window.offset = count.offset();
			if (count.offset() < 0) {
				// A command's output is its own window.
				window.counts.clear();
			}
			window.counts.addLast(new Counted(now, count.matches()));
			while (!window.counts.isEmpty() && window.counts.peekFirst().at().isBefore(now.minus(match.window()))) {
				window.counts.removeFirst();
			}
			int total = window.counts.stream().mapToInt(Counted::matches).sum();
			String message = "log " + match.source() + ": " + total + " line(s) matching /" + match.pattern() + "/ in "
					+ match.window().toSeconds() + " s (at most " + match.threshold() + ")";
			return (total > match.threshold()) ? CheckResult.down(null, message) : CheckResult.up(null, message);
		}
	}

	private static final class Window {

		private final Pattern pattern;

		private final Deque<Counted> counts = new ArrayDeque<>();

		private long offset = -1;

		Window(Pattern pattern) {
			this.pattern = pattern;
		}

	}

	private record Counted(Instant at, int matches) {
	}

}
