package dev.mamori.monitor;

import java.util.concurrent.CompletableFuture;

/**
 * Runs one check of a monitor; implemented by {@code check.Checks}, which maps each type to its
 * check. The engine and remediation depend on this rather than on the checks themselves.
 */
public interface CheckRunner {

	/**
	 * @param definition the monitor
	 * @return the result; never completes exceptionally
	 */
	CompletableFuture<CheckResult> run(MonitorDefinition definition);

}
