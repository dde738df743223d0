package dev.mamori.backup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.mamori.core.event.BackupCompleted;
import dev.mamori.core.event.BackupFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Backup metrics for Prometheus: {@code mamori_backup_last_success_timestamp_seconds{app}},
 * {@code mamori_backup_size_bytes{app}}, {@code mamori_backup_duration_seconds{app,outcome}} and
 * {@code mamori_backup_failures_total{app}}.
 */
@Component
class BackupMetrics {

	private final MeterRegistry registry;

	private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> lastSize = new ConcurrentHashMap<>();

	private final BackupService backups;

	private final AppRegistry apps;

	BackupMetrics(ObjectProvider<MeterRegistry> registry, BackupService backups, AppRegistry apps) {
		this.registry = registry.getIfAvailable();
		this.backups = backups;
		this.apps = apps;
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() {
		if (this.registry == null) {
			return;
		}
		for (String appId : this.apps.all().keySet()) {
			AtomicLong success = this.lastSuccess.computeIfAbsent(appId, (id) -> new AtomicLong());
			AtomicLong size = this.lastSize.computeIfAbsent(appId, (id) -> new AtomicLong());
			this.backups.lastGood(appId).ifPresent((s) -> {
				success.set(s.createdAt().getEpochSecond());
				size.set(s.sizeBytes());
			});
			Gauge.builder("mamori.backup.last.success.timestamp", success, AtomicLong::get)
				.baseUnit("seconds")
				.description("When the newest good backup of the app was taken")
				.tag("app", appId)
				.register(this.registry);
			Gauge.builder("mamori.backup.size", size, AtomicLong::get)
				.baseUnit("bytes")
				.description("Size of the app's newest archive")
				.tag("app", appId)
				.register(this.registry);
			Counter.builder("mamori.backup.failures").tag("app", appId).register(this.registry);
		}
	}

	@EventListener
	void completed(BackupCompleted event) {
		if (this.registry == null) {
			return;
		}
		if (event.verified()) {
			this.lastSuccess.computeIfAbsent(event.appId(), (id) -> new AtomicLong()).set(event.finishedAt().getEpochSecond());
		}
		this.lastSize.computeIfAbsent(event.appId(), (id) -> new AtomicLong()).set(event.sizeBytes());
		Timer.builder("mamori.backup.duration")
			.tag("app", event.appId())
			.tag("outcome", "success")
			.register(this.registry)
			.record(event.duration().toMillis(), TimeUnit.MILLISECONDS);
	}

	@EventListener
	void failed(BackupFailed event) {
		if (this.registry != null) {
			Counter.builder("mamori.backup.failures").tag("app", event.appId()).register(this.registry).increment();
		}
	}

}
