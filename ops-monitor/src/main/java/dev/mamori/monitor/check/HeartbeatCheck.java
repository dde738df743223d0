package dev.mamori.monitor.check;

import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

/**
 * Heartbeat monitors are judged by their pings, which the engine evaluates; there is nothing to run.
 */
@Component
class HeartbeatCheck implements Check {

	@Override
	public MonitorType type() {
		return MonitorType.HEARTBEAT;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return CompletableFuture.completedFuture(CheckResult.down(null, "heartbeats are pushed"));
	}

}
