package dev.mamori.monitor;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.mamori.core.Actor;
import dev.mamori.core.InvalidConfigurationException;
import dev.mamori.core.Secrets;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import dev.mamori.monitor.alert.NotificationView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Monitors, their results, uptime, incidents and heartbeats, as the API and UI use them. Monitors
 * from the configuration file are read-only here (they can be paused); HTTP, TCP, certificate and
 * heartbeat monitors can also be created, changed and deleted.
 */
@Service
public class MonitorService {

	private static final Logger logger = LoggerFactory.getLogger(MonitorService.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SecureRandom random = new SecureRandom();

	private final Map<String, MonitorDefinition> configured;

	private final MonitorStore store;

	private final MonitorEngine engine;

	private final MonitorValidator validator;

	private final MonitorHistory history;

	private final NotificationService notifications;

	private final AuditLog audit;

	private final Clock clock;

	private final MonitoringSettings settings;

	private final TaskScheduler scheduler;

	private final boolean scheduling;

	/** Parsed API monitor definitions by their stored JSON: listing and health checks parse none. */
	private final Map<String, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

	/** Rows that cannot be loaded, by id, with the stored JSON they were reported for (logged once). */
	private final Map<Long, String> reportedBroken = new java.util.concurrent.ConcurrentHashMap<>();

	/** Definitions the engine runs, by id, as last loaded (API monitors: their JSON). */
	private final Map<Long, String> loaded = new HashMap<>();

	MonitorService(MonitorsProperties properties, MonitorStore store, MonitorEngine engine, MonitorValidator validator,
			MonitorHistory history, NotificationService notifications, AuditLog audit, Clock clock,
			MonitoringSettings settings, TaskScheduler scheduler, Environment environment) {
		this.store = store;
		this.engine = engine;
		this.validator = validator;
		this.history = history;
		this.notifications = notifications;
		this.audit = audit;
		this.clock = clock;
		this.settings = settings;
		this.scheduler = scheduler;
		this.scheduling = settings.enabled()
				&& environment.getProperty("mamori.scheduling.enabled", Boolean.class, true);
		properties.monitors().forEach((name, definition) -> validator.check(name, definition, true).ifPresent((p) -> {
			throw new InvalidConfigurationException("mamori.monitors." + name + ("name".equals(p.field()) ? "" : "." + p.field()),
					valueOf(definition, p.field()), p.message());
		}));
		this.configured = new LinkedHashMap<>(properties.monitors());
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.scheduling) {
			return;
		}
		syncConfigured();
		refresh();
		this.engine.start();
		Instant now = Instant.now();
		this.scheduler.scheduleWithFixedDelay(this::refreshQuietly, now.plusSeconds(10), Duration.ofSeconds(10));
		this.scheduler.scheduleWithFixedDelay(this::rollUpQuietly, now.plusSeconds(30), this.settings.rollupInterval());
		logger.info("Monitoring started: {} monitor(s)", this.engine.entries().size());
	}

	/** Creates, updates and deletes the rows of configured monitors to match the file. */
	private void syncConfigured() {
		Instant now = this.clock.instant();
		Set<String> names = new HashSet<>();
		for (Map.Entry<String, MonitorDefinition> entry : this.configured.entrySet()) {
			String name = entry.getKey();
			MonitorDefinition d = entry.getValue();
			names.add(name);
			Optional<MonitorRow> row = this.store.findByName(name);
			if (row.isPresent() && !row.get().fromConfig()) {
				throw new InvalidConfigurationException("mamori.monitors." + name, name,
						"a monitor created through the API already has this name; rename one of them");
			}
			String token = (d.type() == MonitorType.HEARTBEAT)
					? row.map(MonitorRow::heartbeatToken).filter(Objects::nonNull).orElseGet(MonitorService::newToken)
					: null;
			if (row.isPresent()) {
				this.store.updateDefinition(row.get().id(), d.type(), null, token, now);
			}
			else {
				try {
					this.store.insert(name, MonitorRow.CONFIG, d.type(), null, token, now);
				}
				catch (DuplicateKeyException ex) {
					// Another instance inserted it at the same moment.
				}
			}
		}
		for (MonitorRow row : this.store.all()) {
			if (row.fromConfig() && !names.contains(row.name())) {
				logger.info("Monitor {} is no longer in the configuration; removing it and its results", row.name());
				this.store.delete(row.id());
			}
		}
	}

	/** Loads what changed in the database (other instances, the API) into the engine. */
	synchronized void refresh() {
		Set<Long> seen = new HashSet<>();
		for (MonitorRow row : this.store.all()) {
			seen.add(row.id());
			String key = row.fromConfig() ? "config" : row.definitionJson();
			MonitorEngine.Entry entry = this.engine.entry(row.id());
			if (entry == null || !Objects.equals(this.loaded.get(row.id()), key)) {
				// Parsed only when new or changed: this runs every 10 s over every monitor.
				Optional<MonitorDefinition> definition = definition(row);
				if (definition.isEmpty()) {
					// An unloadable row is skipped (and reported), never a reason to stop the others.
					reportIfBroken(row);
					if (entry != null) {
						this.engine.remove(row.id());
						this.loaded.remove(row.id());
					}
					continue;
				}
				this.engine.put(row.id(), row.name(), definition.get(), row.paused());
				this.loaded.put(row.id(), key);
			}
			else if (entry.paused != row.paused()) {
				this.engine.setPaused(row.id(), row.paused());
			}
		}
		for (Long id : Set.copyOf(this.engine.entries().keySet())) {
			if (!seen.contains(id)) {
				this.engine.remove(id);
				this.loaded.remove(id);
			}
		}
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not reload monitors: {}", ex.toString());
		}
	}

	private void rollUpQuietly() {
		try {
			this.history.rollUpAndPrune();
		}
		catch (RuntimeException ex) {
			logger.warn("Monitor history rollup failed: {}", ex.toString());
		}
	}

	/**
	 * Rolls up the complete hours and days and prunes the history now (it also runs every
	 * {@code mamori.monitoring.rollup-interval}).
	 * @return whether this instance ran it (another instance may hold the job)
	 */
	public boolean rollUpAndPrune() {
		return this.history.rollUpAndPrune();
	}

	// Reading

	/**
	 * @param withHeartbeatPaths whether to include heartbeat push paths (ADMIN only)
	 * @return every monitor, by name
	 */
	public List<MonitorView> list(boolean withHeartbeatPaths) {
		return this.store.all()
			.stream()
			.map(this::view)
			.flatMap(Optional::stream)
			.map((v) -> withHeartbeatPaths ? v : v.withoutHeartbeatPath())
			.toList();
	}

	/**
	 * @param id a monitor id
	 * @param withHeartbeatPath whether to include the heartbeat push path (ADMIN only)
	 * @return the monitor
	 */
	public MonitorView get(long id, boolean withHeartbeatPath) {
		MonitorView view = this.store.find(id).flatMap(this::view)
			.orElseThrow(() -> new MonitorNotFoundException("with id " + id));
		return withHeartbeatPath ? view : view.withoutHeartbeatPath();
	}

	/**
	 * The definition of a monitor with its secrets, for a one-off check run by Mamori itself (an
	 * action's pre- or post-check); never for showing.
	 * @param name a monitor name
	 * @return its definition, empty when no usable monitor has that name
	 */
	public Optional<MonitorDefinition> definitionNamed(String name) {
		return this.store.findByName(name).flatMap(this::definition);
	}

	/**
	 * @param id a monitor id
	 * @param from start, inclusive
	 * @param to end, exclusive
	 * @return the raw results in the range, newest first (at most 5,000)
	 */
	public List<ResultView> results(long id, Instant from, Instant to) {
		requireRow(id);
		return this.store.results(id, from, to, 5000)
			.stream()
			.map((r) -> new ResultView(r.checkedAt(), r.up(), r.maintenance(), r.responseMs(), r.message()))
			.toList();
	}

	/**
	 * @param id a monitor id
	 * @param period {@code HOUR} or {@code DAY}
	 * @param from start, inclusive
	 * @param to end, exclusive
	 * @return the rollups in the range, oldest first
	 */
	public List<RollupView> rollups(long id, String period, Instant from, Instant to) {
		requireRow(id);
		return this.history.rollups(id, period, from, to)
			.stream()
			.map((r) -> new RollupView(r.start(), r.up(), r.down(), r.avgMs(), r.p95Ms(), r.maxMs()))
			.toList();
	}

	/**
	 * @param id a monitor id
	 * @return uptime over 24 h, 7 d and 30 d
	 */
	public Uptimes uptime(long id) {
		requireRow(id);
		Instant now = this.clock.instant();
		return new Uptimes(this.history.uptime(id, now.minus(Duration.ofDays(1)), now).percent(),
				this.history.uptime(id, now.minus(Duration.ofDays(7)), now).percent(),
				this.history.uptime(id, now.minus(Duration.ofDays(30)), now).percent());
	}

	/**
	 * Uptime of every monitor at once, as {@link #uptime(long)} gives it for one: a fixed number of
	 * queries however many monitors there are.
	 * @return uptime over 24 h, 7 d and 30 d by monitor id; monitors without any check are absent
	 */
	public Map<Long, Uptimes> uptimes() {
		Instant now = this.clock.instant();
		Map<Long, Uptimes> uptimes = new HashMap<>();
		this.history
			.uptimes(List.of(now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(30))),
					now)
			.forEach((id, w) -> uptimes.put(id, new Uptimes(w[0].percent(), w[1].percent(), w[2].percent())));
		return uptimes;
	}

	/**
	 * Average response time of every monitor in equal buckets of a range, from the raw results, in
	 * one query (for sparklines of all monitors).
	 * @param from start, inclusive
	 * @param to end, exclusive; results after it (up to {@code until}) count in the last bucket
	 * @param until end of the results read, exclusive
	 * @param buckets how many buckets
	 * @return per monitor id, the average of each bucket, {@code null} where the bucket has no
	 * response time; monitors without any are absent
	 */
	public Map<Long, List<Double>> responseTimes(Instant from, Instant to, Instant until, int buckets) {
		return this.history.responseTimes(from, to, until, buckets);
	}

	/**
	 * Average response time of every monitor per half hour of the clock over the last day (the
	 * sparklines of the monitor list), in a query of the last minutes' results: the half hours
	 * before are kept from earlier calls.
	 * @param count how many half hours, the last the current one
	 * @return per monitor id, the average of each half hour, oldest first, {@code null} where there
	 * is no response time; monitors without any are absent
	 */
	public Map<Long, List<Double>> halfHourResponseTimes(int count) {
		Instant now = this.clock.instant();
		return this.history.halfHourResponseTimes(now, now.plusSeconds(1), count);
	}

	/**
	 * @return names of the critical monitors that are DOWN
	 */
	public List<String> criticalDown() {
		return this.store.all()
			.stream()
			.filter((row) -> row.state() == MonitorState.DOWN)
			.filter((row) -> definition(row).map(MonitorDefinition::critical).orElse(false))
			.map(MonitorRow::name)
			.toList();
	}

	// Changing

	/**
	 * @param name unique name
	 * @param definition an HTTP, TCP, certificate or heartbeat monitor
	 * @param actor who asks
	 * @return the new monitor, with its heartbeat path
	 */
	public MonitorView create(String name, MonitorDefinition definition, Actor actor) {
		validate(name, definition);
		if (this.store.findByName(name).isPresent()) {
			throw new MonitorConflictException("A monitor named '" + name + "' exists already");
		}
		String token = (definition.type() == MonitorType.HEARTBEAT) ? newToken() : null;
		long id;
		try {
			id = this.store.insert(name, MonitorRow.API, definition.type(), json.writeValueAsString(definition), token,
					this.clock.instant());
		}
		catch (DuplicateKeyException ex) {
			throw new MonitorConflictException("A monitor named '" + name + "' exists already");
		}
		this.audit.record(actor, "MONITOR_CREATED", name, AuditOutcome.SUCCESS,
				Map.of("id", id, "type", definition.type().name()));
		load(id);
		return get(id, true);
	}

	/**
	 * @param id a monitor created through the API
	 * @param definition its new definition
	 * @param actor who asks
	 * @return the monitor
	 */
	public MonitorView update(long id, MonitorDefinition change, Actor actor) {
		MonitorRow row = requireApiMonitor(id, "changed");
		MonitorDefinition definition = definition(row).map((stored) -> unmasked(change, stored)).orElse(change);
		validate(row.name(), definition);
		String token = (definition.type() == MonitorType.HEARTBEAT)
				? Optional.ofNullable(row.heartbeatToken()).orElseGet(MonitorService::newToken) : null;
		this.store.updateDefinition(id, definition.type(), json.writeValueAsString(definition), token, this.clock.instant());
		this.audit.record(actor, "MONITOR_UPDATED", row.name(), AuditOutcome.SUCCESS,
				Map.of("id", id, "type", definition.type().name()));
		load(id);
		return get(id, true);
	}

	/**
	 * Changes some fields of a monitor created through the API, keeping the others as stored: the web
	 * form edits the common fields and must not overwrite secrets (headers, passwords) it only sees
	 * masked.
	 * @param id a monitor created through the API
	 * @param change builds the new definition from the stored one
	 * @param actor who asks
	 * @return the monitor
	 */
	public MonitorView edit(long id, UnaryOperator<MonitorDefinition> change, Actor actor) {
		MonitorRow row = requireApiMonitor(id, "changed");
		MonitorDefinition stored = definition(row)
			.orElseThrow(() -> new MonitorConflictException("Monitor '" + row.name() + "' has a definition that cannot be read"));
		return update(id, change.apply(stored), actor);
	}

	/**
	 * Deletes a monitor created through the API, with its results; its incidents stay in the history.
	 * @param id the monitor
	 * @param actor who asks
	 */
	public void delete(long id, Actor actor) {
		MonitorRow row = requireApiMonitor(id, "deleted");
		if (row.openIncidentId() != null) {
			this.store.closeIncident(row.openIncidentId(), this.clock.instant());
			this.store.event(row.openIncidentId(), this.clock.instant(), "RESOLVED", "monitor deleted by " + actor.name(),
					null);
		}
		this.store.delete(id);
		this.audit.record(actor, "MONITOR_DELETED", row.name(), AuditOutcome.SUCCESS, Map.of("id", id));
		if (this.scheduling) {
			synchronized (this) {
				this.engine.remove(id);
				this.loaded.remove(id);
			}
		}
	}

	/** Puts one monitor created or changed here into the engine at once (other instances: refresh). */
	private synchronized void load(long id) {
		if (!this.scheduling) {
			return;
		}
		this.store.find(id).ifPresent((row) -> definition(row).ifPresent((d) -> {
			this.engine.put(id, row.name(), d, row.paused());
			this.loaded.put(id, row.definitionJson());
		}));
	}

	/**
	 * @param id a monitor
	 * @param paused pause or resume
	 * @param actor who asks
	 * @return the monitor
	 */
	public MonitorView setPaused(long id, boolean paused, Actor actor) {
		MonitorRow row = requireRow(id);
		this.store.setPaused(id, paused, paused ? MonitorState.PAUSED : MonitorState.PENDING, this.clock.instant());
		this.engine.setPaused(id, paused);
		this.audit.record(actor, paused ? "MONITOR_PAUSED" : "MONITOR_RESUMED", row.name(), AuditOutcome.SUCCESS,
				Map.of("id", id));
		return get(id, false);
	}

	/**
	 * Takes a heartbeat ping: no login, the token is the secret.
	 * @param token the monitor's token
	 * @param failed whether the job reported a failure ({@code /fail})
	 * @param remoteAddress the caller
	 */
	public void heartbeat(String token, boolean failed, String remoteAddress) {
		MonitorRow row = (token != null && token.length() <= 64) ? this.store.findByHeartbeatToken(token).orElse(null)
				: null;
		if (row == null) {
			throw new MonitorNotFoundException("for that heartbeat token");
		}
		if (row.paused()) {
			return;
		}
		Instant now = this.clock.instant();
		if (!failed) {
			this.store.recordPing(row.id(), now);
		}
		this.engine.submit(row.id(), failed ? CheckResult.down(null, "the job reported a failure from " + remoteAddress)
				: CheckResult.up(null, "ping from " + remoteAddress), true);
	}

	// Incidents

	/**
	 * @param open only open ones, only closed ones, or all when {@code null}
	 * @param monitorId only this monitor's, or all when {@code null}
	 * @return incidents, newest first (at most 500)
	 */
	public List<IncidentView> incidents(Boolean open, Long monitorId) {
		return this.store.incidents(open, monitorId, 500);
	}

	/**
	 * @param id an incident
	 * @return it, with its timeline
	 */
	public IncidentView incident(long id) {
		return this.store.incident(id).orElseThrow(() -> new IncidentNotFoundException(id));
	}

	/**
	 * @param id an incident
	 * @param actor who acknowledges it
	 * @return it
	 */
	public IncidentView acknowledge(long id, Actor actor) {
		IncidentView incident = incident(id);
		if (this.store.ack(id, actor.name(), this.clock.instant())) {
			this.store.event(id, this.clock.instant(), "ACKNOWLEDGED", "acknowledged by " + actor.name(), null);
			this.audit.record(actor, "INCIDENT_ACKNOWLEDGED", incident.monitorName(), AuditOutcome.SUCCESS,
					Map.of("incident", id));
		}
		return incident(id);
	}

	// Notifications

	/**
	 * Sends a test alert on every configured channel.
	 * @param actor who asks
	 * @return the notification records, one per channel
	 */
	public List<Long> sendTestNotification(Actor actor) {
		if (!this.notifications.anyChannel()) {
			throw new MonitorConflictException("No notification channel is configured: set mamori.notifications.email.to "
					+ "and spring.mail.host, or mamori.notifications.webhook.url");
		}
		List<Long> ids = this.notifications.send(new Alert(Alert.Kind.TEST, null, null, null, null, null, null, null,
				null, this.clock.instant()));
		this.audit.record(actor, "NOTIFICATION_TEST", null, AuditOutcome.SUCCESS, Map.of("notifications", ids));
		return ids;
	}

	/**
	 * @param limit how many
	 * @return the latest notifications
	 */
	public List<NotificationView> notifications(int limit) {
		return this.notifications.recent(limit);
	}

	// Helpers

	private void validate(String name, MonitorDefinition definition) {
		this.validator.check(name, definition, false).ifPresent((p) -> {
			throw new InvalidMonitorException(camel(p.field()), p.message());
		});
	}

	private MonitorRow requireRow(long id) {
		return this.store.find(id).orElseThrow(() -> new MonitorNotFoundException("with id " + id));
	}

	private MonitorRow requireApiMonitor(long id, String what) {
		MonitorRow row = requireRow(id);
		if (row.fromConfig()) {
			throw new MonitorConflictException("Monitor '" + row.name() + "' is declared in the configuration file and "
					+ "cannot be " + what + " here; change mamori.monitors." + row.name() + " there");
		}
		return row;
	}

	private Optional<MonitorDefinition> definition(MonitorRow row) {
		if (row.fromConfig()) {
			return Optional.ofNullable(this.configured.get(row.name()));
		}
		return parsed(row).map(Parsed::definition);
	}

	/**
	 * @param row a monitor created through the API
	 * @return its definition, or why it cannot be used (JSON that does not parse, times out of
	 * bounds, as written into the database by hand or by an older version); empty without JSON
	 */
	private Optional<Parsed> parsed(MonitorRow row) {
		if (row.fromConfig() || row.definitionJson() == null) {
			return Optional.empty();
		}
		if (this.parsed.size() > 10_000) {
			// Definitions of changed or deleted monitors linger; start over rather than grow.
			this.parsed.clear();
		}
		return Optional.of(this.parsed.computeIfAbsent(row.definitionJson(), MonitorService::parse));
	}

	private static Parsed parse(String text) {
		MonitorDefinition d;
		try {
			d = json.readValue(text, MonitorDefinition.class);
		}
		catch (JacksonException | ArithmeticException | DateTimeException ex) {
			return new Parsed(null, "its stored definition cannot be read: " + firstLine(ex.getMessage()));
		}
		if (d == null || d.type() == null || d.interval() == null) {
			return new Parsed(null, "its stored definition has no type or interval");
		}
		return MonitorValidator.bounds(d)
			.map((p) -> new Parsed(null, "its stored definition is out of bounds: " + p.field() + " " + p.message()))
			.orElseGet(() -> new Parsed(d, null));
	}

	private void reportIfBroken(MonitorRow row) {
		parsed(row).map(Parsed::problem).filter(Objects::nonNull).ifPresent((problem) -> {
			if (!row.definitionJson().equals(this.reportedBroken.put(row.id(), row.definitionJson()))) {
				logger.warn("Monitor {} (id {}) cannot be loaded and is skipped: {}", row.name(), row.id(), problem);
			}
		});
	}

	private Optional<MonitorView> view(MonitorRow row) {
		Optional<String> broken = parsed(row).map(Parsed::problem);
		if (broken.isPresent()) {
			// Shown rather than hidden, so that someone repairs (PUT) or deletes it.
			return Optional.of(new MonitorView(row.id(), row.name(), row.origin(), row.type(), null, null, row.state(),
					row.stateSince(), row.paused(), false, row.lastCheckedAt(), row.lastUp(), row.lastMessage(),
					row.lastResponseMs(), row.lastPingAt(), row.openIncidentId(), null, null, broken.get()));
		}
		return definition(row).map((d) -> new MonitorView(row.id(), row.name(), row.origin(), row.type(), d.app(),
				target(d), row.state(), row.stateSince(), row.paused(), d.critical(), row.lastCheckedAt(), row.lastUp(),
				row.lastMessage(), row.lastResponseMs(), row.lastPingAt(), row.openIncidentId(),
				(row.heartbeatToken() != null) ? "/api/heartbeat/" + row.heartbeatToken() : null, masked(d), null));
	}

	static String target(MonitorDefinition d) {
		return switch (d.type()) {
			case HTTP -> d.method() + " " + Secrets.maskUrl(d.url());
			case CERTIFICATE -> Secrets.maskUrl(d.url());
			case TCP -> d.host() + ":" + d.port();
			case DISK -> d.path();
			case MEMORY -> "memory";
			case SYSTEMD, COMMAND -> d.command();
			case DATABASE -> Secrets.maskUrl(d.jdbcUrl());
			case BACKUP_FRESHNESS -> d.app();
			case LOG -> (d.logMatch() != null) ? "log " + d.logMatch().source() + " /" + d.logMatch().pattern() + "/" : "log";
			case HEARTBEAT -> "every " + d.period().toSeconds() + " s";
		};
	}

	private static MonitorDefinition masked(MonitorDefinition d) {
		Map<String, String> headers = new LinkedHashMap<>();
		d.headers().keySet().forEach((name) -> headers.put(name, Secrets.MASK));
		return new MonitorDefinition(d.type(), d.app(), d.interval(), d.timeout(), d.failureThreshold(),
				d.successThreshold(), d.renotifyInterval(), d.critical(), d.maintenance(), d.remediation(),
				Secrets.maskUrl(d.url()), d.method(), headers, d.expectedStatus(), d.bodyContains(), d.jsonPath(), d.jsonEquals(),
				d.maxResponseTime(), d.host(), d.port(), d.minDaysLeft(), d.path(), d.maxPercent(), d.command(),
				(d.jdbcUrl() != null) ? target(d) : null, d.username(), (d.password() != null) ? Secrets.MASK : null,
				d.query(), d.maxAge(), d.period(), d.grace(), d.logMatch());
	}

	/**
	 * Callers only ever see secrets masked; when they send a mask back (the edit form, a GET then
	 * PUT), they mean "unchanged", so the stored secret is kept.
	 */
	private static MonitorDefinition unmasked(MonitorDefinition d, MonitorDefinition stored) {
		String url = (d.url() != null && stored.url() != null && !d.url().equals(stored.url())
				&& d.url().equals(Secrets.maskUrl(stored.url()))) ? stored.url() : d.url();
		Map<String, String> headers = new LinkedHashMap<>(d.headers());
		headers.replaceAll((name, value) -> (Secrets.MASK.equals(value) && stored.headers().containsKey(name))
				? stored.headers().get(name) : value);
		String password = (Secrets.MASK.equals(d.password())) ? stored.password() : d.password();
		return new MonitorDefinition(d.type(), d.app(), d.interval(), d.timeout(), d.failureThreshold(),
				d.successThreshold(), d.renotifyInterval(), d.critical(), d.maintenance(), d.remediation(), url,
				d.method(), headers, d.expectedStatus(), d.bodyContains(), d.jsonPath(), d.jsonEquals(),
				d.maxResponseTime(), d.host(), d.port(), d.minDaysLeft(), d.path(), d.maxPercent(), d.command(),
				d.jdbcUrl(), d.username(), password, d.query(), d.maxAge(), d.period(), d.grace(), d.logMatch());
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

	private static String newToken() {
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String camel(String kebab) {
		StringBuilder out = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return out.toString();
	}

	private static Object valueOf(MonitorDefinition d, String field) {
		return switch (field) {
			case "interval" -> d.interval();
			case "timeout" -> d.timeout();
			case "renotify-interval" -> d.renotifyInterval();
			case "max-response-time" -> d.maxResponseTime();
			case "max-age" -> d.maxAge();
			case "period" -> d.period();
			case "grace" -> d.grace();
			case "url" -> d.url();
			case "command" -> d.command();
			case "remediation.command" -> d.remediation().command();
			case "path" -> d.path();
			case "app" -> d.app();
			case "type" -> d.type();
			case "host" -> d.host();
			case "port" -> d.port();
			case "jdbc-url" -> "******";
			default -> null;
		};
	}

	/**
	 * One hour or day of a monitor's history.
	 * @param start the bucket's start
	 * @param up passed checks
	 * @param down failed checks
	 * @param avgMs average response time
	 * @param p95Ms 95th percentile response time
	 * @param maxMs slowest response
	 */
	public record RollupView(Instant start, int up, int down, Long avgMs, int p95Ms, int maxMs) {
	}

	/**
	 * A stored definition as read: the definition, or what is wrong with it.
	 * @param definition the definition when usable
	 * @param problem why it cannot be used, otherwise {@code null}
	 */
	private record Parsed(MonitorDefinition definition, String problem) {
	}

}
