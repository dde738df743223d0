package dev.mamori.actuate;

import java.util.List;

import dev.mamori.monitor.MonitorService;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code monitors} health contributor: DOWN while any monitor marked {@code critical} is DOWN,
 * naming them. Not part of liveness or readiness: a failing app must not make Mamori restart.
 */
@Component("monitors")
class MonitorsHealthIndicator extends AbstractHealthIndicator {

	private final MonitorService monitors;

	MonitorsHealthIndicator(MonitorService monitors) {
		super("Monitors health check failed");
		this.monitors = monitors;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<String> down = this.monitors.criticalDown();
		(down.isEmpty() ? builder.up() : builder.down()).withDetail("criticalDown", down);
	}

}
