package dev.mamori.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Drill and objective metrics for Prometheus, per app: {@code mamori_drill_last_success_timestamp_seconds}
 * (0 when no drill passed), {@code mamori_drill_restore_time_seconds} (the newest measured restore time of a
 * drill or a real restore; NaN when none), {@code mamori_drill_overdue} (1 when no drill passed within
 * {@code max-age}) and {@code mamori_objective_breached{objective="rto"|"rpo"}} (1 when not met). Each scrape
 * reads the status once per app (kept 5 s).
 */
@Component
class DrillMetrics {

	private static final Duration KEEP = Duration.ofSeconds(5);

	private final MeterRegistry registry;

	private final DrillWatch watch;

	private final AppRegistry apps;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	DrillMetrics(ObjectProvider<MeterRegistry> registry, DrillWatch watch, AppRegistry apps) {
		this.registry = registry.getIfAvailable();
		this.watch = watch;
		this.apps = apps;
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() {
		if (this.registry == null) {
			return;
		}
		for (String appId : this.apps.all().keySet()) {
			gauge("mamori.drill.last.success.timestamp", "seconds", "When the newest passed drill of the app ended", appId,
					null, (s) -> (s.lastPassed() != null && s.lastPassed().finishedAt() != null)
							? s.lastPassed().finishedAt().getEpochSecond() : 0);
			gauge("mamori.drill.restore.time", "seconds", "The newest measured restore time of the app (drill or restore)",
					appId, null, (s) -> (s.measuredRestore() != null) ? s.measuredRestore().toMillis() / 1000.0 : Double.NaN);
			gauge("mamori.drill.overdue", null, "1 when no drill of the app passed within its max-age", appId, null,
					(s) -> s.overdue() ? 1 : 0);
			gauge("mamori.objective.breached", null, "1 when the app's recovery objective is not met", appId, "rto",
					(s) -> s.rtoBreached() ? 1 : 0);
			gauge("mamori.objective.breached", null, "1 when the app's recovery objective is not met", appId, "rpo",
					(s) -> s.rpoBreached() ? 1 : 0);
		}
	}

	private void gauge(String name, String unit, String description, String appId, String objective,
			Reading value) {
		Gauge.Builder<String> builder = Gauge.builder(name, appId, (id) -> {
			RecoveryStatus status = status(id);
			return (status != null) ? value.of(status) : Double.NaN;
		}).description(description).tag("app", appId);
		if (unit != null) {
			builder.baseUnit(unit);
		}
		if (objective != null) {
			builder.tag("objective", objective);
		}
		builder.register(this.registry);
	}

	private RecoveryStatus status(String appId) {
		Cached cached = this.cache.get(appId);
		Instant now = Instant.now();
		if (cached == null || cached.at().plus(KEEP).isBefore(now)) {
			try {
				cached = new Cached(this.watch.status(appId), now);
			}
			catch (RuntimeException ex) {
				return null;
			}
			this.cache.put(appId, cached);
		}
		return cached.status();
	}

	private record Cached(RecoveryStatus status, Instant at) {
	}

	/** What one gauge reads from an app's status. */
	@FunctionalInterface
	private interface Reading {

		double of(RecoveryStatus status);

	}

}
