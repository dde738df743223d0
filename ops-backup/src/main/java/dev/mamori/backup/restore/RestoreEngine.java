package dev.mamori.backup.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.mamori.backup.archive.ArchiveExtractor;
import dev.mamori.backup.restore.RestoreJob.Part;
import dev.mamori.backup.source.SourceException;
import dev.mamori.backup.source.Staging;
import dev.mamori.core.DaemonThreads;
import dev.mamori.core.command.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sequences a restore; every rule of a source type lives in its handler. First what touches
 * nothing live ({@code PLAN}, {@code EXTRACT}: the archive read once, checked while written into
 * staging beside each target), then, with the journal saying so on disk first, the live part
 * ({@code STOP_SERVICE}, {@code SWAP}, {@code CHECK}, {@code START_SERVICE}, {@code HEALTH_CHECK}),
 * and on any failure after the stop {@code ROLLBACK}. The moved-aside data is archived later by
 * {@link #finish}, off the critical path.
 */
public final class RestoreEngine {

	private static final Logger logger = LoggerFactory.getLogger(RestoreEngine.class);

	private final RestoreJournal journal;

	private final ServiceCommands commands;

	private final HealthProbe health;

	private final Clock clock;

	/**
	 * @param journal where runs are journaled
	 * @param commands runs declared commands by id
	 * @param health the health probe
	 * @param clock the clock
	 */
	public RestoreEngine(RestoreJournal journal, ServiceCommands commands, HealthProbe health, Clock clock) {
		this.journal = journal;
		this.commands = commands;
		this.health = health;
		this.clock = clock;
	}

	/**
	 * @return the journal
	 */
	public RestoreJournal journal() {
		return this.journal;
	}

	/**
	 * Runs a restore to its end (not the background archive of the replaced data: see
	 * {@link #finish}).
	 * @param job the restore
	 * @param listener told about every step
	 * @return how it ended
	 */
	public Result run(RestoreJob job, RestoreListener listener) {
		RestoreJournal.Lock lock;
		try {
			lock = this.journal.lock(job.appId());
		}
		catch (IOException ex) {
			return new Result(RestoreStatus.FAILED, "cannot take the restore lock in " + this.journal.directory() + ": "
					+ ex.getMessage(), null, null, null);
		}
		if (lock == null) {
			return new Result(RestoreStatus.FAILED, "another restore of '" + job.appId() + "' is running", null, null, null);
		}
		try (lock) {
			return new Run(job, listener).execute();
		}
		catch (IOException ex) {
			logger.warn("Could not release the restore lock of {}: {}", job.appId(), ex.getMessage());
			return new Result(RestoreStatus.FAILED, ex.getMessage(), null, null, null);
		}
	}

	/**
	 * After a success: writes the pre-restore archive from the moved-aside data, then removes it
	 * and the journal. Runs while the app already serves.
	 * @param job the restore
	 * @param archives writes the archive
	 * @return the archive's name, or {@code null} when nothing had been replaced
	 */
	public String finish(RestoreJob job, PreRestoreArchive archives) throws IOException, SourceException {
		for (RestoreJournal.Entry entry : this.journal.entries()) {
			if (entry.runId() == job.runId() && entry.appId().equals(job.appId())) {
				return RestoreRecovery.archiveAndDiscard(entry, job.parts(), archives, this.journal);
			}
		}
		throw new IOException("no journal of restore " + job.runId() + " of " + job.appId());
	}

	static RestoreJournal.Entry entryOf(RestoreJob job, RestoreJournal.Phase phase, boolean stopped, List<Staging> stagings) {
		List<RestoreJournal.SourceEntry> sources = new ArrayList<>();
		for (int i = 0; i < stagings.size(); i++) {
			var source = job.parts().get(i).source();
			sources.add(new RestoreJournal.SourceEntry(stagings.get(i), (source.path() != null) ? source.path().toString() : null,
					source.url(), source.username()));
		}
		return new RestoreJournal.Entry(job.runId(), job.appId(), job.archive().toString(),
				(job.destination() != null) ? job.destination().toString() : null, phase, stopped, job.startCommand(),
				job.healthUrl(), sources, Instant.now(), job.compressionLevel(),
				job.keys().recipients().stream().map(Object::toString).toList());
	}

	/** The steps of one run, with what they learn along the way. */
	private final class Run {

		private final RestoreJob job;

		private final List<Staging> stagings = new ArrayList<>();

		private final CreatedParents createdParents = new CreatedParents();

		private RestoreJournal.Entry entry;

		private String healthBefore;

		private boolean started;

		private final Steps steps;

		Run(RestoreJob job, RestoreListener listener) {
			this.job = job;
			this.steps = new Steps(listener, RestoreEngine.this.commands, RestoreEngine.this.health,
					RestoreEngine.this.journal.directory());
		}

		Result execute() {
			try {
				this.steps.step("PLAN", this::plan);
				this.steps.step("EXTRACT", this::extract);
			}
			catch (Steps.Failure ex) {
				discardStaging();
				return new Result(RestoreStatus.FAILED, ex.getMessage(), this.healthBefore, null, null);
			}
			try {
				phase(RestoreJournal.Phase.LIVE, true);
				this.steps.command("STOP_SERVICE", this.job.stopCommand());
				this.steps.step("SWAP", this::swap);
				this.steps.step("CHECK", this::check);
				this.started = true;
				this.steps.command("START_SERVICE", this.job.startCommand());
				String healthy = this.steps.health(this.job.healthUrl());
				phase(RestoreJournal.Phase.SUCCEEDED, true);
				return new Result(RestoreStatus.SUCCEEDED, null, this.healthBefore, healthy, RestoreEngine.this.clock.instant());
			}
			catch (Steps.Failure ex) {
				return rollback(ex.getMessage());
			}
		}

		private String plan() throws IOException, SourceException, Steps.Failure {
			String url = this.job.healthUrl();
			if (url != null && !url.isBlank()) {
				try {
					String problem = RestoreEngine.this.health.problem(url, 1);
					this.healthBefore = (problem == null) ? "healthy" : "not healthy (" + problem + ")";
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new Steps.Failure("interrupted");
				}
			}
			for (Part part : this.job.parts()) {
				this.createdParents.remember(part.source().path());
				this.stagings.add(part.handler().stage(part.source(), this.job.runId(), this.job.workDir(), part.only()));
			}
			ArchiveExtractor.checkFreeSpace(this.job.expected(), targets(), this.job.select());
			this.entry = entryOf(this.job, RestoreJournal.Phase.STAGING, false, this.stagings);
			RestoreEngine.this.journal.write(this.entry);
			this.steps.pause("EXTRACT");
			List<String> ids = this.job.parts().stream().map((p) -> p.source().id() + " (" + p.handler().action(p.source()).code() + ")").toList();
			return "snapshot " + this.job.archive().getFileName() + ": " + String.join(", ", ids)
					+ "; free space checked; the app is " + ((this.healthBefore != null) ? this.healthBefore : "without a health URL");
		}

		private String extract() throws IOException, SourceException, Steps.Failure {
			Map<String, Path> targets = targets();
			Map<String, Integer> byPrefix = new LinkedHashMap<>();
			for (int i = 0; i < this.job.parts().size(); i++) {
				byPrefix.put(this.job.parts().get(i).info().entryPrefix(), i);
			}
			// Databases are checked (SQLite) or loaded (PostgreSQL) on a second core as soon as their
			// entry is complete, while the rest of the archive streams.
			ExecutorService checker = Executors.newSingleThreadExecutor(DaemonThreads.named("mamori-restore-check-" + this.job.runId()));
			Map<Integer, Future<String>> prepared = new LinkedHashMap<>();
			try {
				ArchiveExtractor.Extraction extraction = ArchiveExtractor.extract(this.job.archive(), this.job.expected(), targets,
						this.job.select(), (prefix) -> {
							Integer index = byPrefix.get(prefix);
							if (index != null) {
								prepared.put(index, checker.submit(() -> prepare(index)));
							}
						}, this.job.keys().identities());
				List<String> messages = new ArrayList<>();
				for (int i = 0; i < this.job.parts().size(); i++) {
					Future<String> future = prepared.get(i);
					messages.add((future != null) ? future.get() : prepare(i));
				}
				this.steps.pause("STOP_SERVICE");
				return extraction.entriesChecked() + " entries checked against the manifest while written, "
						+ "archive checksum ok; " + String.join("; ", messages) + "; nothing live touched yet";
			}
			catch (ExecutionException ex) {
				throw new Steps.Failure(ex.getCause().getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new Steps.Failure("interrupted while checking the staged data");
			}
			finally {
				checker.shutdownNow();
				// A check still running would re-create the staged files that a failure is about to remove.
				try {
					checker.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		private String prepare(int index) throws IOException, SourceException {
			Part part = this.job.parts().get(index);
			return part.handler().prepareStaged(part.source(), this.stagings.get(index), part.info());
		}

		private String swap() throws IOException, SourceException {
			List<String> messages = new ArrayList<>();
			for (int i = 0; i < this.job.parts().size(); i++) {
				this.steps.pause("SWAP:" + i);
				Part part = this.job.parts().get(i);
				messages.add(part.handler().swap(part.source(), this.stagings.get(i)));
			}
			return String.join("; ", messages);
		}

		private String check() throws IOException, SourceException {
			List<String> messages = new ArrayList<>();
			for (int i = 0; i < this.job.parts().size(); i++) {
				Part part = this.job.parts().get(i);
				messages.add(part.handler().check(part.source(), this.stagings.get(i), part.info()));
			}
			this.steps.pause("START_SERVICE");
			return String.join("; ", messages);
		}

		private Result rollback(String reason) {
			try {
				phase(RestoreJournal.Phase.ROLLING_BACK, true);
				if (this.started) {
					// It runs on the restored data: stop it before that data is swapped out.
					this.steps.command("STOP_SERVICE", this.job.stopCommand());
				}
				this.steps.step("ROLLBACK", () -> {
					List<String> done = new ArrayList<>();
					for (int i = this.job.parts().size() - 1; i >= 0; i--) {
						this.steps.pause("ROLLBACK:" + i);
						Part part = this.job.parts().get(i);
						part.handler().undo(part.source(), this.stagings.get(i));
						part.handler().discard(part.source(), this.stagings.get(i));
						done.add(part.source().id());
					}
					return "previous data in place again: " + String.join(", ", done);
				});
			}
			catch (Steps.Failure | RuntimeException ex) {
				StringBuilder where = new StringBuilder("ROLLBACK FAILED (" + ex.getMessage() + ") after: " + reason
						+ ". Manual intervention required. Where things are:");
				for (Staging staging : this.stagings) {
					where.append(" [").append(staging.sourceId()).append(": live ").append(staging.live());
					if (staging.aside() != null) {
						where.append(", previous data ").append(staging.aside());
					}
					if (staging.staged() != null) {
						where.append(", restored data ").append(staging.staged());
					}
					where.append(']');
				}
				where.append(" The journal ").append(RestoreEngine.this.journal.directory())
					.append(" is kept: the next start of Mamori tries the rollback again.");
				logger.error("Restore {} of {}: {}", this.job.runId(), this.job.appId(), where);
				return new Result(RestoreStatus.ROLLBACK_FAILED, where.toString(), this.healthBefore, null, null);
			}
			String after = "";
			String back = String.join(", ", this.stagings.stream().map(Staging::live).toList());
			try {
				this.steps.command("START_SERVICE", this.job.startCommand());
				this.steps.health(this.job.healthUrl());
			}
			catch (Steps.Failure ex) {
				after = (this.healthBefore != null && !this.healthBefore.equals("healthy"))
						? " The previous data is back (" + back + "); the app was not healthy before the restore either: "
								+ ex.getMessage()
						: " The previous data is back (" + back + "), but the app did not come back: " + ex.getMessage()
								+ ". Manual intervention required.";
			}
			try {
				RestoreEngine.this.journal.remove(this.entry);
			}
			catch (IOException ex) {
				logger.warn("Could not remove the journal of restore {}: {}", this.job.runId(), ex.getMessage());
			}
			return new Result(RestoreStatus.ROLLED_BACK, reason + after, this.healthBefore, null, null);
		}

		private void discardStaging() {
			for (int i = 0; i < this.stagings.size(); i++) {
				Part part = this.job.parts().get(i);
				try {
					part.handler().discard(part.source(), this.stagings.get(i));
				}
				catch (IOException | SourceException | RuntimeException ex) {
					logger.warn("Could not remove the staging of {}: {}", part.source().id(), ex.getMessage());
				}
			}
			this.createdParents.removeEmpty();
			if (this.entry != null) {
				try {
					RestoreEngine.this.journal.remove(this.entry);
				}
				catch (IOException ex) {
					logger.warn("Could not remove the journal of restore {}: {}", this.job.runId(), ex.getMessage());
				}
			}
		}

		private Map<String, Path> targets() {
			Map<String, Path> targets = new LinkedHashMap<>();
			for (int i = 0; i < this.job.parts().size(); i++) {
				Part part = this.job.parts().get(i);
				targets.put(part.info().entryPrefix(), part.handler().extractTo(this.stagings.get(i)));
			}
			return targets;
		}

		private void phase(RestoreJournal.Phase phase, boolean stopped) throws Steps.Failure {
			this.entry = this.entry.with(phase, stopped);
			try {
				RestoreEngine.this.journal.write(this.entry);
			}
			catch (IOException ex) {
				throw new Steps.Failure("cannot write the restore journal: " + ex.getMessage());
			}
		}

	}

	/**
	 * How a restore ended.
	 * @param status the outcome
	 * @param error why it did not succeed, or {@code null}
	 * @param healthBefore the app's health when the restore began ({@code healthy}, {@code not
	 * healthy (…)}), or {@code null} without a health URL
	 * @param healthUrl the URL that answered after the restore, or {@code null}
	 * @param healthyAt when the app was healthy again (success only)
	 */
	public record Result(RestoreStatus status, String error, String healthBefore, String healthUrl, Instant healthyAt) {
	}

	/** Runs a declared command by id. */
	@FunctionalInterface
	public interface ServiceCommands {

		/**
		 * @param commandId a declared command
		 * @return how it ended
		 */
		CommandResult run(String commandId);

	}

}
