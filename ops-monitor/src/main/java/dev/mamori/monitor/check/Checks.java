package dev.mamori.monitor.check;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.CheckRunner;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.describe;

/**
 * The one place that maps a {@link MonitorType} to its {@link Check}, built from the check beans:
 * startup fails when a type has none or two. Runs a monitor's check and turns every failure,
 * thrown or completed exceptionally, into a down result.
 */
@Component
public class Checks implements CheckRunner {

	private final Map<MonitorType, Check> byType;

	private final CheckExecutors executors;

	Checks(Collection<Check> checks, CheckExecutors executors) {
		this.byType = byType(checks);
		this.executors = executors;
	}

	static Map<MonitorType, Check> byType(Collection<Check> checks) {
		Map<MonitorType, Check> map = new EnumMap<>(MonitorType.class);
		for (Check check : checks) {
			Check previous = map.putIfAbsent(check.type(), check);
			if (previous != null) {
				throw new IllegalStateException("Two checks for " + check.type() + ": "
						+ previous.getClass().getSimpleName() + " and " + check.getClass().getSimpleName());
			}
		}
		Set<MonitorType> missing = EnumSet.allOf(MonitorType.class);
		missing.removeAll(map.keySet());
		if (!missing.isEmpty()) {
			throw new IllegalStateException("No check for " + missing);
		}
		return map;
	}

	/**
	 * Runs a check. HEARTBEAT monitors are not checked here: they are judged by their pings.
	 * @param definition the monitor
	 * @return the result; never completes exceptionally
	 */
	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition definition) {
		CompletableFuture<CheckResult> future;
		try {
			future = this.byType.get(definition.type()).run(definition);
		}
		catch (RuntimeException ex) {
			future = CompletableFuture.completedFuture(CheckResult.down(null, describe(ex)));
		}
		return future.exceptionally((ex) -> CheckResult.down(null, describe(ex)));
	}

	/**
	 * @return blocking checks waiting for a thread
	 */
	public int queuedBlockingChecks() {
		return this.executors.queuedBlockingChecks();
	}

}
