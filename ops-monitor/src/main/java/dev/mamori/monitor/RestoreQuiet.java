package dev.mamori.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.LeaseOwners;
import dev.mamori.core.event.RestoreFinished;
import dev.mamori.core.event.RestoreStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which apps are being restored, so that their monitors stay quiet (automatic maintenance: no
 * incident, no notification, no remediation) from the start of a restore until
 * {@code mamori.monitoring.restore-grace} after its end. Two signals: the {@link RestoreStarted} and
 * {@link RestoreFinished} events of restores in this process, and the app leases held for
 * {@code restore} in the database, which is how a restore run by the command line (another
 * process) shows. The leases are read in one query for all apps at most every
 * {@link #LEASE_CACHE}, never once per check.
 */
@Component
class RestoreQuiet implements QuietPeriods {

	private static final Logger logger = LoggerFactory.getLogger(RestoreQuiet.class);

	/** How long one read of the restore leases is trusted. */
	static final Duration LEASE_CACHE = Duration.ofSeconds(2);

	static final String REASON = "restore in progress";


	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration grace;

	/** Restores announced by events in this process, by app. */
	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/** When a restore lease of each app was last seen held. */
	private final Map<String, Instant> leaseSeen = new ConcurrentHashMap<>();

	private volatile Set<String> leased = Set.of();

	private volatile long leasesReadAt = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

	RestoreQuiet(JdbcTemplate jdbc, Clock clock, MonitoringSettings settings) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.grace = settings.restoreGrace();
	}

	@EventListener
	void started(RestoreStarted event) {
		this.windows.compute(event.appId(), (app, window) -> ((window != null) ? window : Window.NONE).start(event.runId()));
		logger.info("Monitors of {} are quiet: restore run {} started ({})", event.appId(), event.runId(),
				event.live() ? "live" : "drill");
	}

	@EventListener
	void finished(RestoreFinished event) {
		Instant until = this.clock.instant().plus(this.grace);
		this.windows.compute(event.appId(),
				(app, window) -> ((window != null) ? window : Window.NONE).finish(event.runId(), until));
		logger.info("Restore run {} of {} ended {}; its monitors stay quiet until {}", event.runId(), event.appId(),
				event.outcome(), until);
	}

	/**
	 * @param appId an app, or {@code null}
	 * @param at the time of a check result
	 * @return why the app's monitors are quiet then, or empty when they are not
	 */
	@Override
	public Optional<String> reason(String appId, Instant at) {
		if (appId == null) {
			return Optional.empty();
		}
		Window window = this.windows.get(appId);
		if (window != null && !window.running().isEmpty()) {
			return Optional.of(REASON);
		}
		if (leaseHeld(appId)) {
			return Optional.of(REASON + " (another process)");
		}
		Instant seen = this.leaseSeen.get(appId);
		Instant until = (window != null) ? window.quietUntil() : null;
		if (seen != null && (until == null || seen.plus(this.grace).isAfter(until))) {
			until = seen.plus(this.grace);
		}
		if (until != null && at.isBefore(until)) {
			return Optional.of(REASON + " (just ended; quiet until " + until + ")");
		}
		return Optional.empty();
	}

	/**
	 * @param appId an app
	 * @return whether a restore of the app runs now (grace period not included)
	 */
	boolean restoreRunning(String appId) {
		Window window = this.windows.get(appId);
		return (window != null && !window.running().isEmpty()) || leaseHeld(appId);
	}

	private boolean leaseHeld(String appId) {
		long now = System.nanoTime();
		if (now - this.leasesReadAt > LEASE_CACHE.toNanos()) {
			readLeases(now);
		}
		return this.leased.contains(appId);
	}

	private synchronized void readLeases(long now) {
		if (now - this.leasesReadAt <= LEASE_CACHE.toNanos()) {
			return;
		}
		Instant wall = this.clock.instant();
		Set<String> held = new HashSet<>();
		try {
			this.jdbc.query("select app_id, owner, lease_until from app_lease where purpose = 'restore'", (rs) -> {
				Timestamp until = rs.getTimestamp(3);
				if (until != null && until.toInstant().isAfter(wall) && !LeaseOwners.deadLocalProcess(rs.getString(2))) {
					held.add(rs.getString(1));
				}
			});
		}
		catch (DataAccessException ex) {
			// Keep what was read last time; the next check tries again.
			logger.warn("Could not read the restore leases: {}", ex.getMessage());
			this.leasesReadAt = now;
			return;
		}
		held.forEach((app) -> this.leaseSeen.put(app, wall));
		this.leased = Set.copyOf(held);
		this.leasesReadAt = now;
	}

	/**
	 * @param running restore runs of the app that started and have not finished
	 * @param quietUntil end of the grace period after the latest finished one
	 */
	private record Window(Set<Long> running, Instant quietUntil) {

		static final Window NONE = new Window(Set.of(), null);

		Window start(long runId) {
			Set<Long> now = new HashSet<>(this.running);
			now.add(runId);
			return new Window(Set.copyOf(now), this.quietUntil);
		}

		Window finish(long runId, Instant until) {
			Set<Long> now = new HashSet<>(this.running);
			now.remove(runId);
			Instant later = (this.quietUntil != null && this.quietUntil.isAfter(until)) ? this.quietUntil : until;
			return new Window(Set.copyOf(now), later);
		}

	}

}
