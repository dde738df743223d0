package dev.mamori.monitor.action;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.mamori.core.Actor;
import dev.mamori.core.DaemonThreads;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.CheckRunner;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.action.ActionsProperties.Action;
import dev.mamori.monitor.action.ActionsProperties.Check;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.NotificationService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Runs declared actions on request: the caller's values checked against each parameter's set or
 * pattern and put in as whole argv elements, the typed confirmation of destructive actions, one
 * run of an action at a time, the pre-check, the command without a shell under its timeout with
 * its output kept bounded and readable live, the post-check; every run recorded, audited twice
 * (requested, finished), counted for Prometheus, and a failed run notified.
 */
@Service
public class ActionService {

	private static final Logger logger = LoggerFactory.getLogger(ActionService.class);

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);

	private final Actions actions;

	private final ActionRuns runs;

	private final AuditLog audit;

	private final NotificationService notifications;

	private final MonitorService monitors;

	private final CheckRunner checks;

	private final ObjectProvider<BackupCatalogView> catalog;

	private final ObjectProvider<MeterRegistry> meters;

	private final Clock clock;

	private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("mamori-action"));

	/** Running runs by action id: one at a time per action. */
	private final Map<String, Long> running = new ConcurrentHashMap<>();

	private final Map<Long, LiveOutput> live = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

	ActionService(Actions actions, ActionRuns runs, AuditLog audit, NotificationService notifications,
			MonitorService monitors, CheckRunner checks, ObjectProvider<BackupCatalogView> catalog,
			ObjectProvider<MeterRegistry> meters, Clock clock) {
		this.actions = actions;
		this.runs = runs;
		this.audit = audit;
		this.notifications = notifications;
		this.monitors = monitors;
		this.checks = checks;
		this.catalog = catalog;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * @return every declared action
	 */
	public List<ActionView> list() {
		return this.actions.ids().stream().map(this::view).toList();
	}

	/**
	 * @param appId an app id
	 * @return the actions of that app
	 */
	public List<ActionView> ofApp(String appId) {
		return list().stream().filter((a) -> a.app().equals(appId)).toList();
	}

	/**
	 * @param id an action id
	 * @return the action
	 * @throws ActionNotFoundException when none has that id
	 */
	public ActionView get(String id) {
		return view(id);
	}

	/**
	 * @param id an action id
	 * @param role the caller's role
	 * @return whether that role may run it
	 * @throws ActionNotFoundException when none has that id
	 */
	public boolean allowed(String id, Role role) {
		return role != null && role.includes(this.actions.get(id).role());
	}

	/**
	 * Starts an action and returns at once. The caller has checked the role with
	 * {@link #allowed(String, Role)}.
	 * @param id the action
	 * @param parameters the caller's values
	 * @param confirmation the action id typed by the caller, required when the action says
	 * {@code confirm: true}
	 * @param actor who asks
	 * @return the new run, {@code RUNNING}
	 * @throws InvalidActionRequestException for a bad value or a missing confirmation
	 * @throws ActionBusyException while a run of the same action is going on
	 */
	public ActionRunView start(String id, Map<String, String> parameters, String confirmation, Actor actor) {
		Action action = this.actions.get(id);
		Map<String, String> values = (parameters != null) ? new LinkedHashMap<>(parameters) : new LinkedHashMap<>();
		List<String> argv;
		try {
			argv = this.actions.argv(id, values);
			if (action.confirm() && !id.equals(confirmation)) {
				throw new InvalidActionRequestException("confirmation",
						"this action changes things that are hard to undo: type its id `" + id + "` to confirm");
			}
		}
		catch (InvalidActionRequestException ex) {
			this.audit.record(actor, "ACTION_REFUSED", id, AuditOutcome.FAILURE,
					details("app", action.app(), "field", ex.getField(), "reason", ex.getMessage()));
			throw ex;
		}
		long runId;
		synchronized (this.running) {
			Long other = this.running.get(id);
			if (other != null) {
				throw new ActionBusyException(id, other);
			}
			runId = this.runs.start(id, action.app(), actor.name(), values, this.clock.instant());
			this.running.put(id, runId);
			this.live.put(runId, new LiveOutput((int) action.outputLimit().toBytes()));
		}
		this.audit.record(actor, "ACTION_STARTED", id, AuditOutcome.SUCCESS,
				details("app", action.app(), "run", runId, "parameters", values));
		logger.info("Action {} (run {}) started by {}", id, runId, actor.name());
		try {
			this.executor.execute(() -> execute(runId, id, action, argv, values, actor));
		}
		catch (RuntimeException ex) {
			release(id, runId);
			throw ex;
		}
		return run(runId);
	}

	/**
	 * @param runId a run id
	 * @return the run; while it runs, with the output so far
	 */
	public ActionRunView run(long runId) {
		ActionRunView view = this.runs.get(runId).orElseThrow(() -> new ActionRunNotFoundException(runId));
		LiveOutput output = this.live.get(runId);
		if (view.running() && output != null) {
			return new ActionRunView(view.id(), view.actionId(), view.appId(), view.status(), view.requestedBy(),
					view.parameters(), view.startedAt(), null, null, null, false, output.text(), output.total(),
					output.cut(), null);
		}
		return view;
	}

	/**
	 * The output of a run from an offset on, for a page that follows it.
	 * @param runId a run id
	 * @param from the offset read up to so far (0 at first)
	 * @return the new text and the next offset; once the run ended, its whole stored output
	 */
	public OutputChunk output(long runId, long from) {
		LiveOutput output = this.live.get(runId);
		if (output != null) {
			LiveOutput.Chunk chunk = output.chunk(Math.max(0, from));
			return new OutputChunk(chunk.text(), chunk.next(), chunk.skipped(), true, "RUNNING");
		}
		ActionRunView view = this.runs.get(runId).orElseThrow(() -> new ActionRunNotFoundException(runId));
		return new OutputChunk((view.output() != null) ? view.output() : "", view.outputBytes(), view.outputCut(),
				view.running(), view.status());
	}

	/**
	 * @param appId an app
	 * @param limit at most this many
	 * @return its newest action runs first
	 */
	public List<ActionRunView> runsOfApp(String appId, int limit) {
		return this.runs.ofApp(appId, limit);
	}

	/**
	 * @param actionId an action
	 * @param limit at most this many
	 * @return its newest runs first
	 */
	public List<ActionRunView> runsOfAction(String actionId, int limit) {
		this.actions.get(actionId);
		return this.runs.ofAction(actionId, limit);
	}

	/**
	 * @param limit at most this many
	 * @return the newest runs of any action first
	 */
	public List<ActionRunView> recentRuns(int limit) {
		return this.runs.recent(limit);
	}

	/**
	 * @param actionId an action
	 * @return the id of its run going on now, if any
	 */
	public Optional<Long> runningRun(String actionId) {
		return Optional.ofNullable(this.running.get(actionId));
	}

	private void execute(long runId, String id, Action action, List<String> argv, Map<String, String> values,
			Actor actor) {
		long start = System.nanoTime();
		LiveOutput output = this.live.get(runId);
		Integer exitCode = null;
		boolean timedOut = false;
		String message;
		boolean succeeded = false;
		try {
			Optional<String> pre = check(action.preCheck());
			if (pre.isPresent()) {
				message = "pre-check failed, the command was not run: " + pre.get();
			}
			else {
				ProcessOutcome outcome = runProcess(action, argv, output);
				exitCode = outcome.exitCode();
				timedOut = outcome.timedOut();
				if (outcome.error() != null) {
					message = outcome.error();
				}
				else if (timedOut) {
					message = "timed out after " + action.timeout().toSeconds() + " s; the process was killed";
				}
				else if (exitCode != 0) {
					message = "exited with " + exitCode;
				}
				else {
					Optional<String> post = check(action.postCheck());
					message = post.map((problem) -> "exited with 0, but the post-check failed: " + problem)
						.orElse("exited with 0" + ((action.postCheck() != null) ? "; post-check passed" : ""));
					succeeded = post.isEmpty();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			message = "interrupted: Mamori is stopping";
		}
		catch (RuntimeException ex) {
			message = "failed: " + ex;
			logger.error("Action {} (run {}) failed", id, runId, ex);
		}
		output.close();
		Duration duration = Duration.ofNanos(System.nanoTime() - start);
		Instant now = this.clock.instant();
		try {
			this.runs.finish(runId, succeeded, now, duration.toMillis(), exitCode, timedOut, output.text(), output.total(),
					output.cut(), message);
		}
		finally {
			release(id, runId);
		}
		this.audit.record(actor, "ACTION_FINISHED", id, succeeded ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
				details("app", action.app(), "run", runId, "parameters", values, "exitCode", exitCode, "durationMs",
						duration.toMillis(), "message", message));
		count(id, action.app(), succeeded, duration);
		logger.info("Action {} (run {}): {}", id, runId, message);
		if (!succeeded) {
			BackupCatalogView apps = this.catalog.getIfAvailable();
			this.notifications.send(new Alert(Alert.Kind.ACTION_FAILED, null, null, null, action.app(),
					(apps != null) ? apps.appName(action.app()) : null,
					id + " (run " + runId + ", " + actor.name() + "): " + message, null, null, now));
		}
	}

	private void release(String id, long runId) {
		synchronized (this.running) {
			this.running.remove(id, runId);
			this.live.remove(runId);
		}
	}

	private ProcessOutcome runProcess(Action action, List<String> argv, LiveOutput output) throws InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
		if (action.workingDirectory() != null) {
			builder.directory(new File(action.workingDirectory()));
		}
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			return new ProcessOutcome(127, false, "could not start " + argv.get(0) + ": " + ex.getMessage());
		}
		try {
			// Nothing to read from: a command that asks a question gets end of input, not a hang.
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Already gone.
		}
		Thread reader = new Thread(() -> copy(process.getInputStream(), output), "mamori-action-output");
		reader.setDaemon(true);
		reader.start();
		try {
			boolean finished = process.waitFor(action.timeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!finished) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
			reader.join(5000);
			return new ProcessOutcome(finished ? process.exitValue() : -1, !finished, null);
		}
		catch (InterruptedException ex) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw ex;
		}
	}

	private static void copy(InputStream in, LiveOutput output) {
		byte[] buffer = new byte[8192];
		try (in) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				output.write(buffer, n);
			}
		}
		catch (IOException ex) {
			// The process ended or was killed; what was read is kept.
		}
	}

	/**
	 * @param check a check, or {@code null}
	 * @return why it failed, empty when it passed or there is none
	 */
	private Optional<String> check(Check check) throws InterruptedException {
		if (check == null) {
			return Optional.empty();
		}
		if (check.healthUrl() != null) {
			try {
				HttpResponse<Void> response = this.http.send(
						HttpRequest.newBuilder(check.healthUrl()).timeout(HEALTH_TIMEOUT).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				return (response.statusCode() / 100 == 2) ? Optional.empty()
						: Optional.of("health URL answered " + response.statusCode());
			}
			catch (IOException ex) {
				return Optional.of("health URL did not answer: " + ex.getClass().getSimpleName());
			}
		}
		Optional<MonitorDefinition> definition = this.monitors.definitionNamed(check.monitor());
		if (definition.isEmpty()) {
			return Optional.of("no monitor named " + check.monitor());
		}
		try {
			CheckResult result = this.checks.run(definition.get())
				.get(definition.get().timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
			return result.up() ? Optional.empty() : Optional.of("monitor " + check.monitor() + ": " + result.message());
		}
		catch (ExecutionException | TimeoutException ex) {
			return Optional.of("monitor " + check.monitor() + " could not be checked: " + ex);
		}
	}

	private void count(String id, String app, boolean succeeded, Duration duration) {
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry == null) {
			return;
		}
		Counter.builder("mamori.action.runs")
			.description("Runs of declared actions by outcome")
			.tags("action", id, "app", app, "outcome", succeeded ? "succeeded" : "failed")
			.register(registry)
			.increment();
		Timer.builder("mamori.action.duration")
			.description("How long declared actions ran")
			.tags("action", id, "app", app)
			.register(registry)
			.record(duration);
	}

	private ActionView view(String id) {
		Action action = this.actions.get(id);
		List<ActionView.ParameterView> parameters = action.parameters()
			.entrySet()
			.stream()
			.map((e) -> new ActionView.ParameterView(e.getKey(), e.getValue().values(), e.getValue().pattern()))
			.toList();
		return new ActionView(id, action.app(), action.title().en(), action.title().ja(), action.role(), parameters,
				action.confirm(), describe(action.preCheck()), describe(action.postCheck()), action.timeout(),
				action.outputLimit().toBytes(), this.running.get(id));
	}

	private static String describe(Check check) {
		if (check == null) {
			return null;
		}
		return (check.monitor() != null) ? "monitor " + check.monitor()
				: "health " + dev.mamori.core.Secrets.maskUrl(check.healthUrl().toString());
	}

	private static Map<String, Object> details(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				map.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return map;
	}

	@PreDestroy
	void close() {
		this.executor.shutdownNow();
	}

	/**
	 * A piece of a run's output.
	 * @param text the new text
	 * @param next the offset to ask from next time
	 * @param skipped whether output before this text was dropped to keep it bounded
	 * @param running whether the run still runs
	 * @param status the run's status
	 */
	public record OutputChunk(String text, long next, boolean skipped, boolean running, String status) {
	}

	private record ProcessOutcome(int exitCode, boolean timedOut, String error) {
	}

}
