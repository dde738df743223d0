package dev.mamori.monitor.checklist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.Actor;
import dev.mamori.core.DaemonThreads;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorState;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.action.ActionRunView;
import dev.mamori.monitor.action.ActionService;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import dev.mamori.monitor.checklist.ChecklistRuns.ItemRow;
import dev.mamori.monitor.checklist.ChecklistRuns.RunRow;
import dev.mamori.monitor.checklist.ChecklistsProperties.Auto;
import dev.mamori.monitor.checklist.ChecklistsProperties.Checklist;
import dev.mamori.monitor.checklist.ChecklistsProperties.Item;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Recurring checklists: each time a checklist's schedule fires a run starts with all its items
 * open; automatic items tick themselves when what decides them is satisfied (a backup fresh
 * enough, a monitor UP, an action that succeeded since the run started); manual items are signed
 * by an OPERATOR with an optional comment (audited). A run is complete when every item is done; a
 * run still open past its deadline is alerted once and shown on the dashboard. Every minute, and
 * on demand through {@link #tick()}.
 */
@Service
public class ChecklistService {

	private static final Logger logger = LoggerFactory.getLogger(ChecklistService.class);

	static final int MAX_COMMENT = 2000;

	private final Checklists checklists;

	private final ChecklistRuns runs;

	private final AuditLog audit;

	private final NotificationService notifications;

	private final MonitorService monitors;

	private final ActionService actions;

	private final ObjectProvider<BackupCatalogView> catalog;

	private final ObjectProvider<MeterRegistry> meters;

	private final Clock clock;

	private final boolean scheduling;

	private ScheduledExecutorService timer;

	ChecklistService(Checklists checklists, ChecklistRuns runs, AuditLog audit, NotificationService notifications,
			MonitorService monitors, ActionService actions, ObjectProvider<BackupCatalogView> catalog,
			ObjectProvider<MeterRegistry> meters, Clock clock, Environment environment) {
		this.checklists = checklists;
		this.runs = runs;
		this.audit = audit;
		this.notifications = notifications;
		this.monitors = monitors;
		this.actions = actions;
		this.catalog = catalog;
		this.meters = meters;
		this.clock = clock;
		this.scheduling = environment.getProperty("mamori.scheduling.enabled", Boolean.class, true);
	}

	@EventListener(ApplicationReadyEvent.class)
	void startTimer() {
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry != null) {
			Gauge.builder("mamori.checklists.overdue", () -> overdue().size())
				.description("Checklist runs past their deadline and not complete")
				.register(registry);
		}
		if (!this.scheduling || this.checklists.ids().isEmpty()) {
			return;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mamori-checklists"));
		this.timer.scheduleWithFixedDelay(() -> {
			try {
				tick();
			}
			catch (RuntimeException ex) {
				logger.warn("Checklists: {}", ex.toString());
			}
		}, 5, 60, TimeUnit.SECONDS);
	}

	@PreDestroy
	void stopTimer() {
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
	}

	/**
	 * Starts the runs of periods that began, ticks the automatic items of open runs, completes runs
	 * whose items are all done, and alerts once about runs past their deadline.
	 */
	public synchronized void tick() {
		Instant now = this.clock.instant();
		for (String id : this.checklists.ids()) {
			Checklist checklist = this.checklists.get(id);
			Optional<Instant> start = this.checklists.periodStart(id, now);
			Optional<Instant> newest = this.runs.newestPeriodStart(id);
			if (start.isPresent() && (newest.isEmpty() || start.get().isAfter(newest.get()))) {
				List<String> ids = checklist.items().stream().map(Item::id).toList();
				List<Boolean> automatic = checklist.items().stream().map((item) -> item.auto() != null).toList();
				if (this.runs.create(id, start.get(), start.get().plus(checklist.dueAfter()), now, ids, automatic)) {
					logger.info("Checklist {}: run for the period from {} started", id, start.get());
					this.audit.record(Actor.SYSTEM, "CHECKLIST_RUN_STARTED", id, AuditOutcome.SUCCESS,
							Map.of("periodStart", start.get().toString()));
				}
			}
		}
		for (RunRow run : this.runs.open()) {
			Optional<Checklist> checklist = this.checklists.find(run.checklistId());
			if (checklist.isEmpty()) {
				continue;
			}
			for (ItemRow row : this.runs.items(run.id())) {
				Item item = item(checklist.get(), row.itemId());
				if (row.doneAt() == null && item != null && item.auto() != null) {
					evidence(item.auto(), run.periodStart(), now).ifPresent((why) -> {
						if (this.runs.tick(run.id(), row.itemId(), now, Actor.SYSTEM.name(), why)) {
							logger.info("Checklist {} item {}: done by itself ({})", run.checklistId(), row.itemId(), why);
						}
					});
				}
			}
			if (this.runs.completeIfDone(run.id(), now)) {
				logger.info("Checklist {} (run {}) complete", run.checklistId(), run.id());
				continue;
			}
			if (now.isAfter(run.dueAt()) && this.runs.claimOverdueAlert(run.id(), now)) {
				alertOverdue(run, checklist.get(), now);
			}
		}
	}

	private void alertOverdue(RunRow run, Checklist checklist, Instant now) {
		List<String> open = new ArrayList<>();
		for (ItemRow row : this.runs.items(run.id())) {
			if (row.doneAt() == null) {
				Item item = item(checklist, row.itemId());
				open.add((item != null) ? item.title().en() + " / " + item.title().ja() : row.itemId());
			}
		}
		String message = checklist.title().en() + " / " + checklist.title().ja() + " (" + run.checklistId() + ", run "
				+ run.id() + "): " + open.size() + " item(s) not done: " + String.join("; ", open);
		logger.warn("Checklist overdue: {}", message);
		this.audit.record(Actor.SYSTEM, "CHECKLIST_OVERDUE", run.checklistId(), AuditOutcome.FAILURE,
				Map.of("run", run.id(), "open", open));
		BackupCatalogView apps = this.catalog.getIfAvailable();
		String app = checklist.app();
		this.notifications.send(new Alert(Alert.Kind.CHECKLIST_OVERDUE, null, null, null, app,
				(app != null && apps != null) ? apps.appName(app) : null, message, run.periodStart(), null, now));
	}

	/**
	 * @return why the item is satisfied now, or empty when it is not
	 */
	private Optional<String> evidence(Auto auto, Instant periodStart, Instant now) {
		if (auto.backupFreshness() != null) {
			BackupCatalogView apps = this.catalog.getIfAvailable();
			if (apps == null) {
				return Optional.empty();
			}
			String app = auto.backupFreshness().app();
			return apps.newestGoodSnapshotAt(app)
				.filter((at) -> Duration.between(at, now).compareTo(auto.backupFreshness().maxAge()) <= 0)
				.map((at) -> "newest good backup of " + app + " at " + at);
		}
		if (auto.monitor() != null) {
			return this.monitors.list(false)
				.stream()
				.filter((m) -> m.name().equals(auto.monitor()) && m.state() == MonitorState.UP)
				.findFirst()
				.map(MonitorView::name)
				.map((name) -> "monitor " + name + " is UP");
		}
		return this.actions.runsOfAction(auto.action(), 20)
			.stream()
			.filter((r) -> "SUCCEEDED".equals(r.status()) && !r.startedAt().isBefore(periodStart))
			.findFirst()
			.map(ActionRunView::id)
			.map((runId) -> "action " + auto.action() + " succeeded (run " + runId + ")");
	}

	/**
	 * Signs a manual item.
	 * @param runId the run
	 * @param itemId the item
	 * @param comment what the signer says, or {@code null}
	 * @param actor who signs
	 * @return the run afterwards
	 */
	public ChecklistRunView sign(long runId, String itemId, String comment, Actor actor) {
		RunRow run = this.runs.run(runId).orElseThrow(() -> new ChecklistNotFoundException("No checklist run " + runId));
		ItemRow row = this.runs.items(runId)
			.stream()
			.filter((i) -> i.itemId().equals(itemId))
			.findFirst()
			.orElseThrow(() -> new ChecklistNotFoundException("No item " + itemId + " in checklist run " + runId));
		String text = (comment != null && !comment.isBlank()) ? comment.strip() : null;
		if (text != null && text.length() > MAX_COMMENT) {
			throw new InvalidChecklistRequestException("comment", "at most " + MAX_COMMENT + " characters");
		}
		if (row.automatic()) {
			throw new ChecklistSignException("Item " + itemId + " is automatic: what it is linked to decides it");
		}
		Instant now = this.clock.instant();
		if (!this.runs.tick(runId, itemId, now, actor.name(), text)) {
			throw new ChecklistSignException("Item " + itemId + " is already signed by " + row.doneBy());
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("run", runId);
		details.put("item", itemId);
		if (text != null) {
			details.put("comment", text);
		}
		this.audit.record(actor, "CHECKLIST_SIGNED", run.checklistId(), AuditOutcome.SUCCESS, details);
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry != null) {
			Counter.builder("mamori.checklist.items.signed").tag("checklist", run.checklistId()).register(registry).increment();
		}
		if (this.runs.completeIfDone(runId, now)) {
			logger.info("Checklist {} (run {}) complete", run.checklistId(), runId);
		}
		return run(runId);
	}

	/**
	 * @return every declared checklist with its newest run, if any
	 */
	public List<ChecklistView> list() {
		List<ChecklistView> views = new ArrayList<>();
		for (String id : this.checklists.ids()) {
			Checklist checklist = this.checklists.get(id);
			List<RunRow> newest = this.runs.ofChecklist(id, 1);
			views.add(new ChecklistView(id, checklist.title().en(), checklist.title().ja(), checklist.app(),
					checklist.schedule(), checklist.dueAfter(), newest.isEmpty() ? null : view(newest.get(0))));
		}
		return views;
	}

	/**
	 * @param checklistId a checklist
	 * @param limit at most this many
	 * @return its runs, newest first
	 */
	public List<ChecklistRunView> runs(String checklistId, int limit) {
		this.checklists.get(checklistId);
		return this.runs.ofChecklist(checklistId, limit).stream().map(this::view).toList();
	}

	/**
	 * @param runId a run
	 * @return the run with its items
	 */
	public ChecklistRunView run(long runId) {
		return this.runs.run(runId).map(this::view)
			.orElseThrow(() -> new ChecklistNotFoundException("No checklist run " + runId));
	}

	/**
	 * @return the runs past their deadline and not complete, for the dashboard
	 */
	public List<ChecklistRunView> overdue() {
		Instant now = this.clock.instant();
		return this.runs.open().stream().filter((r) -> now.isAfter(r.dueAt())).map(this::view).toList();
	}

	private ChecklistRunView view(RunRow run) {
		Optional<Checklist> checklist = this.checklists.find(run.checklistId());
		List<ChecklistRunView.ItemView> items = new ArrayList<>();
		for (ItemRow row : this.runs.items(run.id())) {
			Item item = checklist.map((c) -> item(c, row.itemId())).orElse(null);
			items.add(new ChecklistRunView.ItemView(row.itemId(), (item != null) ? item.title().en() : row.itemId(),
					(item != null) ? item.title().ja() : row.itemId(), row.automatic(),
					(item != null && item.auto() != null) ? source(item.auto()) : null, row.doneAt() != null, row.doneAt(),
					row.doneBy(), row.comment()));
		}
		boolean overdue = run.completedAt() == null && this.clock.instant().isAfter(run.dueAt());
		return new ChecklistRunView(run.id(), run.checklistId(),
				checklist.map((c) -> c.title().en()).orElse(run.checklistId()),
				checklist.map((c) -> c.title().ja()).orElse(run.checklistId()), checklist.map(Checklist::app).orElse(null),
				run.periodStart(), run.dueAt(), run.completedAt(), run.overdueAlertedAt(), overdue, items);
	}

	private static String source(Auto auto) {
		if (auto.backupFreshness() != null) {
			return "backup-freshness " + auto.backupFreshness().app() + " < " + auto.backupFreshness().maxAge().toHours() + " h";
		}
		return (auto.monitor() != null) ? "monitor " + auto.monitor() : "action " + auto.action();
	}

	private static Item item(Checklist checklist, String itemId) {
		return checklist.items().stream().filter((i) -> i.id().equals(itemId)).findFirst().orElse(null);
	}

	/**
	 * A declared checklist.
	 * @param id checklist id
	 * @param titleEn title in English
	 * @param titleJa title in Japanese
	 * @param app the app it is about, or {@code null}
	 * @param schedule as declared
	 * @param dueAfter how long a run has before it is overdue
	 * @param current its newest run, or {@code null} before the first
	 */
	public record ChecklistView(String id, String titleEn, String titleJa, String app, String schedule,
			Duration dueAfter, ChecklistRunView current) {

		/**
		 * @param language {@code ja} or another language for English
		 * @return the title in that language
		 */
		public String title(String language) {
			return "ja".equals(language) ? this.titleJa : this.titleEn;
		}

	}

}
