package dev.mamori.backup.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.age.AgeRecipient;
import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.restore.RestoreJob.Part;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceException;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.backup.source.Staging;
import dev.mamori.core.command.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or undoes every restore a crash interrupted, before the server or a CLI command does
 * anything else. A run interrupted before it succeeded is undone whole (each source wholly old
 * again, the same for all), the service started again if the run had stopped it, and leftovers
 * removed; a run that had succeeded only has its replaced data archived and removed.
 */
public final class RestoreRecovery {

	private static final Logger logger = LoggerFactory.getLogger(RestoreRecovery.class);

	private final RestoreJournal journal;

	private final SourceHandlers handlers;

	private final RestoreEngine.ServiceCommands commands;

	private final HealthProbe health;

	private final PreRestoreArchive archives;

	private final SourceResolver resolver;

	/**
	 * @param journal the journal
	 * @param handlers the source handlers
	 * @param commands runs declared commands, or {@code null} when none are declared here
	 * @param health the health probe
	 * @param archives writes pre-restore archives
	 * @param resolver rebuilds a declared source (with its secrets) from its journal entry
	 */
	public RestoreRecovery(RestoreJournal journal, SourceHandlers handlers, RestoreEngine.ServiceCommands commands,
			HealthProbe health, PreRestoreArchive archives, SourceResolver resolver) {
		this.journal = journal;
		this.handlers = handlers;
		this.commands = commands;
		this.health = health;
		this.archives = archives;
		this.resolver = resolver;
	}

	/**
	 * @return what was done for each interrupted run found (runs another live process holds are
	 * left alone)
	 */
	public List<Recovered> recover() {
		List<Recovered> recovered = new ArrayList<>();
		List<RestoreJournal.Entry> entries;
		try {
			entries = this.journal.entries();
		}
		catch (IOException ex) {
			logger.error("Cannot read the restore journal: {}", ex.getMessage());
			return recovered;
		}
		for (RestoreJournal.Entry entry : entries) {
			try (RestoreJournal.Lock lock = this.journal.lock(entry.appId())) {
				if (lock == null) {
					continue;
				}
				recovered.add(recover(entry));
			}
			catch (IOException ex) {
				recovered.add(new Recovered(entry, RestoreStatus.ROLLBACK_FAILED, "recovery failed: " + ex.getMessage(), null));
			}
		}
		return recovered;
	}

	private Recovered recover(RestoreJournal.Entry entry) {
		List<Part> parts = parts(entry);
		if (entry.phase() == RestoreJournal.Phase.SUCCEEDED) {
			try {
				String archive = archiveAndDiscard(entry, parts, this.archives, this.journal);
				logger.info("Restore {} of {}: the replaced data was archived as {} after an interruption", entry.runId(),
						entry.appId(), archive);
				return new Recovered(entry, RestoreStatus.SUCCEEDED, null, archive);
			}
			catch (IOException | SourceException | RuntimeException ex) {
				logger.warn("Restore {} of {}: the replaced data could not be archived yet: {}", entry.runId(), entry.appId(),
						ex.getMessage());
				return new Recovered(entry, RestoreStatus.SUCCEEDED, "pre-restore archive not written yet: " + ex.getMessage(), null);
			}
		}
		StringBuilder message = new StringBuilder("interrupted: Mamori stopped during the restore");
		RestoreStatus status;
		try {
			for (int i = parts.size() - 1; i >= 0; i--) {
				Part part = parts.get(i);
				Staging staging = entry.sources().get(i).staging();
				part.handler().undo(part.source(), staging);
				part.handler().discard(part.source(), staging);
			}
			status = entry.serviceStopped() ? RestoreStatus.ROLLED_BACK : RestoreStatus.FAILED;
			message.append(entry.serviceStopped() ? "; the previous data was put back" : " before anything live was touched");
		}
		catch (IOException | SourceException | RuntimeException ex) {
			logger.error("Restore {} of {}: recovery could not put the previous data back: {}", entry.runId(), entry.appId(),
					ex.getMessage());
			return new Recovered(entry, RestoreStatus.ROLLBACK_FAILED, message + "; putting the previous data back failed: "
					+ ex.getMessage() + ". Manual intervention required; the journal in " + this.journal.directory()
					+ " names every location", null);
		}
		if (entry.serviceStopped() && entry.startCommand() != null) {
			if (this.commands == null) {
				message.append("; start the app by hand: command '").append(entry.startCommand()).append("' is not declared here");
			}
			else {
				CommandResult started = this.commands.run(entry.startCommand());
				message.append(started.succeeded() ? "; the app was started again" : "; starting the app failed: " + started.summary());
			}
		}
		if (entry.serviceStopped() && entry.healthUrl() != null && this.health != null) {
			try {
				String problem = this.health.problem(entry.healthUrl(), this.health.attempts());
				message.append((problem == null) ? "; healthy" : "; not healthy: " + problem);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.journal.remove(entry);
		}
		catch (IOException ex) {
			logger.warn("Could not remove the journal of restore {}: {}", entry.runId(), ex.getMessage());
		}
		logger.warn("Restore {} of {} recovered: {} ({})", entry.runId(), entry.appId(), status, message);
		return new Recovered(entry, status, message.toString(), null);
	}

	private List<Part> parts(RestoreJournal.Entry entry) {
		List<Part> parts = new ArrayList<>();
		for (RestoreJournal.SourceEntry source : entry.sources()) {
			Source resolved = this.resolver.resolve(entry.appId(), source);
			parts.add(new Part(resolved, this.handlers.of(resolved), null));
		}
		return parts;
	}

	/**
	 * Writes the pre-restore archive from the aside data (when any), then removes it, the staging
	 * leftovers and the journal.
	 * @param entry the journal entry, phase SUCCEEDED
	 * @param parts the sources, in the journal's order
	 * @param archives the archive writer
	 * @param journal the journal
	 * @return the archive's name, or {@code null} when nothing had been replaced
	 */
	static String archiveAndDiscard(RestoreJournal.Entry entry, List<Part> parts, PreRestoreArchive archives,
			RestoreJournal journal) throws IOException, SourceException {
		List<PreRestoreArchive.Aside> asides = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			Part part = parts.get(i);
			Staging staging = entry.sources().get(i).staging();
			Source aside = part.handler().aside(part.source(), staging);
			if (aside != null) {
				String original = (part.info() != null) ? part.info().location() : part.handler().target(part.source());
				asides.add(new PreRestoreArchive.Aside(aside, part.handler(), original));
			}
		}
		Path written = null;
		if (!asides.isEmpty() && entry.destination() != null) {
			written = archives.write(entry.appId(), asides, Path.of(entry.destination()), entry.compressionLevel(),
					new ArchiveKeys(entry.recipients().stream().map(AgeRecipient::parse).toList(), AgeKeys.NONE));
		}
		for (int i = 0; i < parts.size(); i++) {
			parts.get(i).handler().discard(parts.get(i).source(), entry.sources().get(i).staging());
		}
		journal.remove(entry);
		return (written != null) ? written.getFileName().toString() : null;
	}

	/** Rebuilds a source from its journal entry, adding what the journal never holds (passwords). */
	@FunctionalInterface
	public interface SourceResolver {

		/**
		 * @param appId the app
		 * @param entry the journaled source
		 * @return the source
		 */
		Source resolve(String appId, RestoreJournal.SourceEntry entry);

		/**
		 * @param entry the journaled source
		 * @param password the password, or {@code null}
		 * @return a source from the journal alone
		 */
		static Source fromJournal(RestoreJournal.SourceEntry entry, String password) {
			Staging staging = entry.staging();
			return new Source(staging.sourceId(), SourceHandlers.type(staging.type()),
					(entry.path() != null) ? Path.of(entry.path()) : null, entry.url(), entry.username(), password,
					List.of(), List.of(), false);
		}

	}

	/**
	 * What recovery did for one interrupted run.
	 * @param runId the run
	 * @param appId the app
	 * @param status how it ends: FAILED (nothing live had been touched), ROLLED_BACK, ROLLBACK_FAILED,
	 * or SUCCEEDED (it had succeeded; only the cleanup was finished)
	 * @param message what was done
	 * @param preRestoreArchive the archive of the replaced data, when one was written now
	 */
	public record Recovered(long runId, String appId, RestoreStatus status, String message, String preRestoreArchive) {

		Recovered(RestoreJournal.Entry entry, RestoreStatus status, String message, String preRestoreArchive) {
			this(entry.runId(), entry.appId(), status, message, preRestoreArchive);
		}

	}

}
