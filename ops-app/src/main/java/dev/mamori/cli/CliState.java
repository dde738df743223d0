package dev.mamori.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.ScratchSpace;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.PreRestoreArchive;
import dev.mamori.backup.restore.RestoreJournal;
import dev.mamori.backup.restore.RestoreRecovery;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.core.command.CommandRunner;

/**
 * Where the command line keeps its restore journal, and the recovery every command runs first: a
 * restore a crash interrupted (here or in the server, when both share the data directory) is
 * finished or undone before anything else happens.
 */
final class CliState {

	private CliState() {
	}

	/**
	 * @param stateDir {@code --state-dir}, or {@code null}
	 * @param config the configuration
	 * @param configFile the configuration file given, or {@code null}
	 * @return the journal directory: the state dir, else the config's data dir, else
	 * {@code $MAMORI_DATA_DIR}, else {@code ~/.mamori}
	 */
	static Path journalDir(Path stateDir, CliConfig config, Path configFile) {
		if (stateDir != null) {
			return stateDir.resolve("restore-journal");
		}
		if (configFile != null) {
			return config.dataDir().resolve("restore-journal");
		}
		String env = System.getenv("MAMORI_DATA_DIR");
		if (env != null && !env.isBlank()) {
			return Path.of(env).resolve("restore-journal");
		}
		return Path.of(System.getProperty("user.home"), ".mamori", "restore-journal");
	}

	/**
	 * Recovers interrupted restores when the journal directory holds any; costs one directory
	 * listing otherwise, so commands stay fast.
	 * @param journalDir the journal directory
	 * @param configFile the configuration file given, or {@code null}
	 * @param err where to report
	 */
	static void recoverIfAny(Path journalDir, Path configFile, PrintWriter err) {
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(journalDir)) {
			if (files.noneMatch((f) -> f.getFileName().toString().endsWith(".journal.json"))) {
				return;
			}
		}
		catch (java.io.IOException ex) {
			return;
		}
		recover(journalDir, CliConfig.load(configFile), err);
	}

	/**
	 * Recovers interrupted restores and says in one line each what was done.
	 * @param journalDir the journal directory
	 * @param config the configuration (service commands and secrets of declared apps)
	 * @param err where to report
	 * @return what was recovered
	 */
	static List<RestoreRecovery.Recovered> recover(Path journalDir, CliConfig config, PrintWriter err) {
		AppsProperties.Settings settings = config.settings();
		CommandRunner commands = new CommandRunner(config.commands());
		HealthProbe health = new HealthProbe(config.restore().healthAttempts(), config.restore().healthInterval(),
				config.restore().healthTimeout());
		RestoreRecovery recovery = new RestoreRecovery(new RestoreJournal(journalDir),
				new SourceHandlers(settings.pgDump(), settings.pgRestore()), commands::run, health,
				new PreRestoreArchive(settings.scratch(), MamoriCli.version()), (appId, entry) -> {
					AppsProperties.App app = config.apps().apps().get(appId);
					if (app != null) {
						for (Source source : app.sources()) {
							if (source.id().equals(entry.staging().sourceId())) {
								return source;
							}
						}
					}
					return RestoreRecovery.SourceResolver.fromJournal(entry, System.getenv("PGPASSWORD"));
				});
		List<RestoreRecovery.Recovered> recovered = recovery.recover();
		ScratchSpace.sweep(settings.workDir());
		for (RestoreRecovery.Recovered done : recovered) {
			err.println("mamori: an interrupted restore of " + done.appId() + " was recovered: " + done.status()
					+ ((done.message() != null) ? " (" + done.message() + ")" : "")
					+ ((done.preRestoreArchive() != null) ? "; replaced data archived as " + done.preRestoreArchive() : ""));
		}
		err.flush();
		return recovered;
	}

}
