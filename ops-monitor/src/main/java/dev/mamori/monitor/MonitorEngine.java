package dev.mamori.monitor;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the checks. One dispatcher thread keeps every monitor's next due time in a priority queue
 * (no thread per monitor), claims due checks in the database in batches so that with several
 * instances each check runs once, and hands them to the {@link CheckRunner checks}. Results come back to one
 * processor thread, which applies the {@link Transition state machine}, opens and closes incident
 * rows (publishing {@link IncidentOpened}, {@link IncidentStillDown} and {@link IncidentResolved}
 * for incident handling and remediation) and writes results and states in batches. A monitor
 * whose previous check is still running skips its turn (counted as missed) rather than piling up.
 */
@Component
class MonitorEngine {

	private static final Logger logger = LoggerFactory.getLogger(MonitorEngine.class);

	private static final int MAX_BATCH = 5000;

	static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID();

	private final MonitorStore store;

	private final CheckRunner checks;

	private final ApplicationEventPublisher events;

	private final MonitoringSettings settings;

	private final Clock clock;

	private final MeterRegistry registry;

	private final TransactionTemplate transactions;

	private final RestoreQuiet quiet;

	private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

	private final LinkedBlockingQueue<Slot> inbox = new LinkedBlockingQueue<>();

	private final LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();

	private final AtomicBoolean running = new AtomicBoolean();

	private final Map<Long, double[]> gaugeValues = new ConcurrentHashMap<>();

	private final Map<Long, List<Meter>> meters = new ConcurrentHashMap<>();

	/** Whether other Mamori instances may use the same database, so that checks are claimed in it. */
	private final boolean claims;

	private Thread dispatcher;

	private Thread processor;

	private Timer lag;

	private Counter missed;

	private Counter performed;

	MonitorEngine(MonitorStore store, CheckRunner checks, ApplicationEventPublisher events, MonitoringSettings settings, Clock clock,
			ObjectProvider<MeterRegistry> registry, TransactionTemplate transactions, RestoreQuiet quiet,
			@Value("${spring.datasource.url:}") String databaseUrl) {
		this.store = store;
		this.claims = sharedDatabase(databaseUrl);
		this.quiet = quiet;
		this.transactions = transactions;
		this.checks = checks;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
		this.registry = registry.getIfAvailable();
		if (this.registry != null) {
			this.lag = Timer.builder("mamori.monitor.scheduling.lag")
				.description("How late checks start after their due time")
				.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
						Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
						Duration.ofSeconds(5))
				.register(this.registry);
			this.missed = Counter.builder("mamori.monitor.checks.missed")
				.description("Checks skipped because the previous one still ran or the scheduler fell behind")
				.register(this.registry);
			this.performed = Counter.builder("mamori.monitor.checks").description("Checks run").register(this.registry);
		}
	}

	/** Starts the dispatcher and processor threads. */
	void start() {
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		this.processor = new Thread(this::processLoop, "mamori-monitor-results");
		this.processor.setDaemon(true);
		this.processor.start();
		this.dispatcher = new Thread(this::dispatchLoop, "mamori-monitor-dispatch");
		this.dispatcher.setDaemon(true);
		this.dispatcher.start();
	}

	@PreDestroy
	void stop() {
		this.running.set(false);
		if (this.dispatcher != null) {
			this.dispatcher.interrupt();
		}
		if (this.processor != null) {
			// Not interrupted: it writes what it gathered (at most one write interval) and ends.
			try {
				this.processor.join(this.settings.writeInterval().toMillis() + 5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Adds or replaces a monitor; its first check comes after a random part of its interval, so
	 * monitors loaded together do not all fire together.
	 */
	void put(long id, String name, MonitorDefinition definition, boolean paused) {
		Entry previous = this.entries.get(id);
		Entry entry = new Entry(id, name, definition, (previous != null) ? previous.generation + 1 : 0);
		entry.paused = paused;
		this.entries.put(id, entry);
		long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, definition.interval().toNanos()));
		this.inbox.add(new Slot(id, System.nanoTime() + jitter, entry.generation, false));
		LockSupport.unpark(this.dispatcher);
		registerMeters(id, name);
	}

	void remove(long id) {
		this.entries.remove(id);
		List<Meter> removed = this.meters.remove(id);
		if (removed != null && this.registry != null) {
			removed.forEach(this.registry::remove);
		}
		this.gaugeValues.remove(id);
	}

	void setPaused(long id, boolean paused) {
		Entry entry = this.entries.get(id);
		if (entry != null) {
			entry.paused = paused;
		}
	}

	Entry entry(long id) {
		return this.entries.get(id);
	}

	Map<Long, Entry> entries() {
		return this.entries;
	}

	/**
	 * Feeds a result that did not come from the schedule: a heartbeat ping or a remediation
	 * re-check.
	 */
	void submit(long id, CheckResult result, boolean decisive) {
		this.results.add(new Result(id, result, this.clock.instant(), decisive));
	}

	/** A remediation attempt re-checked the monitor: its result counts like a scheduled one. */
	@EventListener
	void rechecked(RemediationRechecked event) {
		submit(event.monitorId(), event.result(), false);
	}

	// Dispatcher

	private void dispatchLoop() {
		PriorityQueue<Slot> queue = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
		while (this.running.get()) {
			try {
				this.inbox.drainTo(queue);
				long now = System.nanoTime();
				List<Slot> due = new ArrayList<>();
				while (!queue.isEmpty() && queue.peek().due <= now) {
					due.add(queue.poll());
				}
				if (!due.isEmpty()) {
					dispatch(due, queue, now);
				}
				long sleep = queue.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(50)
						: Math.min(queue.peek().due - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50));
				if (sleep > 0) {
					LockSupport.parkNanos(this, sleep);
				}
			}
			catch (RuntimeException ex) {
				logger.error("Monitor dispatcher error; it goes on: {}", ex.toString());
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
			}
		}
	}

	private void dispatch(List<Slot> due, PriorityQueue<Slot> queue, long now) {
		List<Slot> candidates = new ArrayList<>();
		List<Entry> candidateEntries = new ArrayList<>();
		for (Slot slot : due) {
			Entry entry = this.entries.get(slot.id);
			if (entry == null || entry.generation != slot.generation) {
				continue;
			}
			queue.add(next(slot, entry, now));
			if (entry.paused) {
				continue;
			}
			if (entry.inFlight) {
				increment(this.missed);
				continue;
			}
			if (slot.claimed) {
				// Claimed ahead with an earlier batch: no database round trip now.
				recordLag(slot);
				run(entry);
				continue;
			}
			candidates.add(slot);
			candidateEntries.add(entry);
		}
		if (candidates.isEmpty()) {
			return;
		}
		if (!this.claims) {
			// An embedded database belongs to this process alone: nobody else could run these turns.
			for (int i = 0; i < candidates.size(); i++) {
				recordLag(candidates.get(i));
				run(candidateEntries.get(i));
			}
			return;
		}
		// The turns due within the write interval are claimed in the same commit and run at their due
		// time: one claim commit per interval rather than one per wake-up (a small H2 file, fewer
		// round trips to PostgreSQL).
		List<Slot> ahead = claimAhead(queue, now);
		Instant wallNow = this.clock.instant();
		List<Long> ids = new ArrayList<>(candidates.size() + ahead.size());
		List<Instant> until = new ArrayList<>(candidates.size() + ahead.size());
		for (Entry entry : candidateEntries) {
			ids.add(entry.id);
			until.add(wallNow.plusNanos((long) (entry.definition.interval().toNanos() * this.settings.claimFraction())));
		}
		List<Entry> aheadEntries = new ArrayList<>(ahead.size());
		for (Slot slot : ahead) {
			Entry entry = this.entries.get(slot.id);
			aheadEntries.add(entry);
			ids.add(entry.id);
			until.add(wallNow.plusNanos(slot.due - now)
				.plusNanos((long) (entry.definition.interval().toNanos() * this.settings.claimFraction())));
		}
		// One transaction, so the batch costs one commit (one write to disk) rather than one per monitor.
		boolean[] claimed = this.transactions.execute((status) -> this.store.claim(ids, until, INSTANCE, wallNow));
		for (int i = 0; i < candidates.size(); i++) {
			if (!claimed[i]) {
				continue;
			}
			recordLag(candidates.get(i));
			run(candidateEntries.get(i));
		}
		for (int i = 0; i < ahead.size(); i++) {
			Slot slot = ahead.get(i);
			// Not claimed: another instance runs this turn; this one waits for the next.
			queue.add(claimed[candidates.size() + i] ? new Slot(slot.id, slot.due, slot.generation, true)
					: next(slot, aheadEntries.get(i), now));
		}
	}

	/**
	 * Takes out of the queue the unclaimed turns due within the write interval, of monitors whose
	 * interval is long enough for a claim made early to have expired before their next turn.
	 */
	private List<Slot> claimAhead(PriorityQueue<Slot> queue, long now) {
		long window = this.settings.writeInterval().toNanos();
		List<Slot> ahead = new ArrayList<>();
		if (window <= 0) {
			return ahead;
		}
		List<Slot> keep = new ArrayList<>();
		while (!queue.isEmpty() && queue.peek().due <= now + window) {
			Slot slot = queue.poll();
			Entry entry = this.entries.get(slot.id);
			if (entry == null || entry.generation != slot.generation) {
				continue;
			}
			boolean eligible = !slot.claimed && !entry.paused
					&& entry.definition.interval().toNanos() * (1 - this.settings.claimFraction()) > 2 * window;
			(eligible ? ahead : keep).add(slot);
		}
		queue.addAll(keep);
		return ahead;
	}

	/**
	 * Whether the database can be shared with other Mamori instances. An embedded H2 database (a file
	 * locked by this process, or in memory) cannot, unless it is opened in H2's automatic mixed mode.
	 */
	static boolean sharedDatabase(String url) {
		String u = url.toUpperCase(Locale.ROOT);
		boolean embedded = u.startsWith("JDBC:H2:FILE:") || u.startsWith("JDBC:H2:MEM:")
				|| (u.startsWith("JDBC:H2:") && !u.startsWith("JDBC:H2:TCP:") && !u.startsWith("JDBC:H2:SSL:"));
		return !embedded || u.contains("AUTO_SERVER=TRUE");
	}

	private void recordLag(Slot slot) {
		if (this.lag != null) {
			this.lag.record(System.nanoTime() - slot.due, TimeUnit.NANOSECONDS);
		}
	}

	private Slot next(Slot slot, Entry entry, long now) {
		long interval = entry.definition.interval().toNanos();
		long next = slot.due + interval;
		if (next <= now) {
			// Fell behind by a whole interval (a stalled machine): skip the lost turns.
			long lost = (now - next) / interval + 1;
			for (long i = 0; i < lost; i++) {
				increment(this.missed);
			}
			next += lost * interval;
		}
		return new Slot(slot.id, next, slot.generation, false);
	}

	private void run(Entry entry) {
		entry.inFlight = true;
		Instant at = this.clock.instant();
		if (entry.definition.type() == MonitorType.HEARTBEAT) {
			this.results.add(new Result(entry.id, null, at, true));
			entry.inFlight = false;
			return;
		}
		this.checks.run(entry.definition).whenComplete((result, ex) -> {
			entry.inFlight = false;
			CheckResult r = (result != null) ? result : CheckResult.down(null, String.valueOf(ex));
			this.results.add(new Result(entry.id, r, at, false));
		});
	}

	// Processor

	private void processLoop() {
		List<Result> batch = new ArrayList<>();
		long window = this.settings.writeInterval().toNanos();
		long lastWrite = System.nanoTime() - window;
		while (this.running.get()) {
			try {
				Result first = this.results.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				// Gather what comes in until one write interval after the previous write: under load one
				// commit per interval, a lone result (a quiet install, a heartbeat ping) written at once.
				long deadline = lastWrite + window;
				long wait;
				while (batch.size() < MAX_BATCH && (wait = deadline - System.nanoTime()) > 0) {
					Result next = this.results.poll(wait, TimeUnit.NANOSECONDS);
					if (next == null) {
						break;
					}
					batch.add(next);
				}
				this.results.drainTo(batch, MAX_BATCH - batch.size());
				lastWrite = System.nanoTime();
				process(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				flush(batch);
				return;
			}
			catch (RuntimeException ex) {
				logger.error("Could not store {} monitor results: {}", batch.size(), ex.toString());
			}
			finally {
				batch.clear();
			}
		}
		flush(batch);
	}

	/** Stores what was gathered when the engine stops, so that a clean shutdown loses no result. */
	private void flush(List<Result> batch) {
		this.results.drainTo(batch);
		if (batch.isEmpty()) {
			return;
		}
		try {
			process(batch);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not store the last {} monitor results at shutdown: {}", batch.size(), ex.toString());
		}
		batch.clear();
	}

	/** Applies a batch of results: one read of the rows, one batch of result rows, one of states. */
	void process(List<Result> batch) {
		Set<Long> ids = new LinkedHashSet<>();
		batch.forEach((r) -> ids.add(r.id));
		Map<Long, MonitorRow> rows = new HashMap<>(this.store.findAll(ids));
		Map<Long, MonitorRow> changed = new HashMap<>();
		List<MonitorStore.StoredResult> stored = new ArrayList<>(batch.size());
		for (Result result : batch) {
			MonitorRow row = rows.get(result.id);
			Entry entry = this.entries.get(result.id);
			if (row == null || entry == null || row.paused()) {
				continue;
			}
			CheckResult check = (result.check != null) ? result.check : heartbeat(row, entry.definition, result.at);
			boolean maintenance = entry.definition.inMaintenance(result.at);
			if (!maintenance) {
				// A restore of the app stops and starts it: automatic maintenance, with the reason shown.
				Optional<String> restore = this.quiet.reason(entry.definition.app(), result.at);
				if (restore.isPresent()) {
					maintenance = true;
					check = new CheckResult(check.up(), check.responseMs(), restore.get() + "; " + check.message());
				}
			}
			Transition.Outcome outcome = Transition.apply(row, entry.definition, check, result.at, maintenance,
					result.decisive || entry.definition.type() == MonitorType.HEARTBEAT);
			MonitorRow after = incident(outcome, entry, check, result.at);
			rows.put(after.id(), after);
			changed.put(after.id(), after);
			stored.add(new MonitorStore.StoredResult(after.id(), result.at, check.up(), maintenance, check.responseMs(),
					check.message()));
			double[] gauge = this.gaugeValues.get(after.id());
			if (gauge != null) {
				gauge[0] = (after.state() == MonitorState.UP) ? 1 : 0;
				gauge[1] = (check.responseMs() != null) ? check.responseMs() / 1000.0 : Double.NaN;
			}
			increment(this.performed);
		}
		this.transactions.executeWithoutResult((status) -> {
			this.store.insertResults(stored);
			this.store.saveStates(new ArrayList<>(changed.values()));
		});
	}

	/**
	 * Opens, goes on with or closes the monitor's incident row, and publishes what happened for the
	 * incident handling and remediation to act on.
	 * @return the monitor row, with its open incident set or cleared
	 */
	private MonitorRow incident(Transition.Outcome outcome, Entry entry, CheckResult result, Instant at) {
		MonitorRow row = outcome.row();
		MonitorDefinition d = entry.definition;
		switch (outcome.action()) {
			case OPEN -> {
				long incident = this.store.openIncident(row, d.app(), at, result.message());
				this.events.publishEvent(new IncidentOpened(incident, row.id(), row.name(), d, at, result.message()));
				return withIncident(row, incident);
			}
			case STILL_DOWN -> {
				long incident = row.openIncidentId();
				this.store.incidentError(incident, result.message());
				this.events.publishEvent(new IncidentStillDown(incident, row.id(), row.name(), d, at, result.message()));
				return row;
			}
			case CLOSE -> {
				long incident = row.openIncidentId();
				this.store.closeIncident(incident, at);
				this.events.publishEvent(new IncidentResolved(incident, row.id(), row.name(), d, at, result.message()));
				return withIncident(row, null);
			}
			default -> {
				return row;
			}
		}
	}

	private static MonitorRow withIncident(MonitorRow r, Long incident) {
		return new MonitorRow(r.id(), r.name(), r.origin(), r.type(), r.definitionJson(), r.heartbeatToken(), r.paused(),
				r.state(), r.stateSince(), r.failures(), r.successes(), r.lastCheckedAt(), r.lastUp(), r.lastMessage(),
				r.lastResponseMs(), r.lastPingAt(), incident, r.createdAt());
	}

	private static CheckResult heartbeat(MonitorRow row, MonitorDefinition definition, Instant now) {
		Instant last = (row.lastPingAt() != null) ? row.lastPingAt() : row.createdAt();
		Instant deadline = last.plus(definition.period()).plus(definition.grace());
		if (row.openIncidentId() != null && !now.isAfter(deadline)) {
			// Down by a reported failure: only the next ping brings it back.
			return CheckResult.down(null, "down until the next ping; last ping at " + row.lastPingAt());
		}
		if (now.isAfter(deadline)) {
			return CheckResult.down(null, (row.lastPingAt() != null)
					? "no ping since " + row.lastPingAt() + " (period " + definition.period().toSeconds() + " s + grace "
							+ definition.grace().toSeconds() + " s)"
					: "no ping yet since the monitor was created at " + row.createdAt());
		}
		return CheckResult.up(null, (row.lastPingAt() != null) ? "last ping at " + row.lastPingAt() : "waiting for the first ping");
	}

	// Metrics

	private void registerMeters(long id, String name) {
		if (this.registry == null || this.meters.containsKey(id)) {
			return;
		}
		double[] values = this.gaugeValues.computeIfAbsent(id, (k) -> new double[] { 0, Double.NaN });
		List<Meter> list = new ArrayList<>();
		list.add(Gauge.builder("mamori.monitor.up", values, (v) -> v[0])
			.description("1 while the monitor is UP, 0 otherwise")
			.tag("monitor", name)
			.register(this.registry));
		list.add(Gauge.builder("mamori.monitor.response.time", values, (v) -> v[1])
			.baseUnit("seconds")
			.description("The monitor's latest response time")
			.tag("monitor", name)
			.register(this.registry));
		this.meters.put(id, list);
	}

	private static void increment(Counter counter) {
		if (counter != null) {
			counter.increment();
		}
	}

	/** A monitor as the engine runs it. */
	static final class Entry {

		final long id;

		final String name;

		final MonitorDefinition definition;

		final long generation;

		volatile boolean paused;

		volatile boolean inFlight;

		Entry(long id, String name, MonitorDefinition definition, long generation) {
			this.id = id;
			this.name = name;
			this.definition = definition;
			this.generation = generation;
		}

	}

	/**
	 * A monitor's next turn.
	 * @param claimed whether this instance already claimed the turn in the database
	 */
	private record Slot(long id, long due, long generation, boolean claimed) {
	}

	/**
	 * One result waiting to be applied.
	 * @param check the check's result; {@code null} for a heartbeat evaluation
	 * @param decisive whether it acts regardless of thresholds
	 */
	record Result(long id, CheckResult check, Instant at, boolean decisive) {
	}

}
