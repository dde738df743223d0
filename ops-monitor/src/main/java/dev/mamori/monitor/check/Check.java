package dev.mamori.monitor.check;

import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

/**
 * How one type of monitor is checked. Each {@link MonitorType} has exactly one check;
 * {@link Checks} maps the types to them.
 */
interface Check {

	/**
	 * @return the type this check handles
	 */
	MonitorType type();

	/**
	 * Runs the check once.
	 * @param definition a monitor of {@link #type()}
	 * @return the result; may complete exceptionally, which {@link Checks} reports as down
	 */
	CompletableFuture<CheckResult> run(MonitorDefinition definition);

}
