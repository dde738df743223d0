package dev.mamori.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.RecoveryReport;
import dev.mamori.backup.RestoreRunView;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.destination.DestinationCheck;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.PreRestoreArchive;
import dev.mamori.backup.restore.ReportNumbers;
import dev.mamori.backup.restore.RestoreEngine;
import dev.mamori.backup.restore.RestoreJob;
import dev.mamori.backup.restore.RestoreJournal;
import dev.mamori.backup.restore.RestoreListener;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandler;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.core.command.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code restore}: disaster recovery from a directory of archives (the USB drive), with no server
 * and no database: the same engine and handlers as the server's restore (one checked read of the
 * archive into staging, the live data moved aside by rename, checks, the service restarted,
 * rollback), journaled so a crash is undone by the next command. It never deletes anything on the
 * drive: the replaced data is added to it as a {@code pre-restore} archive.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
		description = { "Restore an app from a directory of archives (no database needed).",
				"Nothing on the drive is ever deleted; the replaced data is added to it as a pre-restore archive." })
class RestoreCommand implements Callable<Integer> {

	@Option(names = "--dir", required = true, description = "Directory holding the archives, e.g. the USB drive.")
	Path dir;

	@Option(names = "--app", required = true, description = "The app id.")
	String app;

	@CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
	Which which;

	@Option(names = "--only", split = ",", paramLabel = "SOURCE[:GLOB]",
			description = "Only these sources, or only the files of a directory source matching a glob, "
					+ "e.g. --only db or --only data:photos/2024/**")
	List<String> only = new ArrayList<>();

	@CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
	Targets targets;

	@Option(names = "--from", paramLabel = "TARGET",
			description = "Download the archive first from this off-site target, declared under mamori.targets in "
					+ "--config, into --dir (which may be empty); its SHA-256 is checked against the target's checksum file.")
	String from;

	@Option(names = "--identity", paramLabel = "FILE",
			description = "An age identity file (AGE-SECRET-KEY-1..., from age-keygen) that opens encrypted archives; "
					+ "default: the app's backup.encryption.identity-file in --config.")
	Path identity;

	@Option(names = "--dry-run", description = "Print the plan and change nothing.")
	boolean dryRun;

	@Option(names = "--yes", description = "Do not ask for the app id to be typed.")
	boolean yes;

	@Option(names = "--state-dir", description = "Where the restore journal is kept "
			+ "(default: the config's data-dir, else $MAMORI_DATA_DIR, else ~/.mamori).")
	Path stateDir;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	static class Which {

		@Option(names = "--latest", required = true, description = "The newest archive of the app (never a pre-restore one).")
		boolean latest;

		@Option(names = "--snapshot", required = true, description = "An archive's file name.")
		String snapshot;

	}

	static class Targets {

		@Option(names = "--config", required = true,
				description = "mamori.yml that declares the app's sources, service commands and health URL.")
		Path config;

		@Option(names = "--to-original", required = true,
				description = "Restore to the locations recorded in the archive (PostgreSQL: credentials from PGUSER/PGPASSWORD).")
		boolean toOriginal;

		@Option(names = "--target", required = true,
				description = "Restore into this directory instead (files only; the live app is not touched).")
		Path target;

	}

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		if (!Files.isDirectory(this.dir)) {
			err.println("mamori: " + this.dir + " is not a directory (is the drive mounted?)");
			return MamoriCli.EXIT_USAGE;
		}
		CliConfig config = CliConfig.load(this.targets.config);
		if (this.from != null && !fetch(config, out, err)) {
			return MamoriCli.EXIT_FAILED;
		}
		Path journalDir = CliState.journalDir(this.stateDir, config, this.targets.config);
		CliState.recoverIfAny(journalDir, this.targets.config, err);
		RestoreJournal journal = new RestoreJournal(journalDir);
		DestinationScanner.Found chosen = choose(err);
		if (chosen == null) {
			return MamoriCli.EXIT_USAGE;
		}
		AppsProperties.App declared = (this.targets.config != null) ? config.apps().apps().get(this.app) : null;
		if (this.targets.config != null && declared == null) {
			err.println("mamori: app '" + this.app + "' is not declared in " + this.targets.config);
			return MamoriCli.EXIT_USAGE;
		}
		ArchiveKeys keys;
		try {
			AgeKeys identities = CliIdentity.keys(this.identity, declared);
			keys = CliIdentity.pre(this.identity, declared, CliIdentity.encrypted(chosen), identities);
			// An encrypted archive's sidecar is sealed: its sources and entries are opened here.
			chosen = CliIdentity.opened(chosen, identities);
		}
		catch (java.io.IOException ex) {
			err.println("mamori: " + MamoriCli.oneLine(ex));
			return MamoriCli.EXIT_FAILED;
		}
		SourceHandlers handlers = new SourceHandlers(config.settings().pgDump(), config.settings().pgRestore());
		List<RestoreJob.Part> parts = parts(chosen.manifest(), declared, handlers);
		printPlan(out, chosen, parts, declared);
		if (this.dryRun) {
			out.println("Dry run: nothing was changed.");
			return 0;
		}
		if (!this.yes && !confirmed(out)) {
			err.println("mamori: not confirmed; nothing was changed");
			return MamoriCli.EXIT_FAILED;
		}
		CommandRunner commands = new CommandRunner(config.commands());
		HealthProbe health = new HealthProbe(config.restore().healthAttempts(), config.restore().healthInterval(),
				config.restore().healthTimeout());
		RestoreEngine engine = new RestoreEngine(journal, commands::run, health, Clock.systemUTC());
		AppsProperties.Service service = (declared != null) ? declared.service() : null;
		long runId = -System.currentTimeMillis();
		RestoreJob job = new RestoreJob(runId, this.app, chosen.archive(), chosen.manifest(), parts,
				(service != null) ? service.stop() : null, (service != null) ? service.start() : null,
				(declared != null) ? declared.healthUrl() : null, config.settings().scratch(), this.dir,
				config.settings().compressionLevel(), select(parts), keys);
		Instant requested = Instant.now();
		Steps steps = new Steps(out);
		RestoreEngine.Result result = engine.run(job, steps);
		String preRestore = null;
		if (result.status() == RestoreStatus.SUCCEEDED) {
			steps.stepStarted("PRE_RESTORE_ARCHIVE");
			try {
				preRestore = engine.finish(job, new PreRestoreArchive(config.settings().scratch(), MamoriCli.version()));
				steps.stepEnded("PRE_RESTORE_ARCHIVE", (preRestore != null) ? "SUCCEEDED" : "SKIPPED",
						(preRestore != null) ? "the replaced data is on the drive as " + preRestore + " (tagged pre-restore)"
								: "skipped: nothing had been there to replace");
			}
			catch (Exception ex) {
				steps.stepEnded("PRE_RESTORE_ARCHIVE", "FAILED", "the replaced data stays where it was moved aside; "
						+ "the next mamori command archives it: " + MamoriCli.oneLine(ex));
			}
		}
		out.println();
		out.println(report(chosen, parts, result, steps, requested, preRestore));
		if (result.status() == RestoreStatus.SUCCEEDED) {
			return 0;
		}
		err.println("mamori: restore " + result.status() + ": " + result.error());
		return MamoriCli.EXIT_FAILED;
	}

	private boolean fetch(CliConfig config, PrintWriter out, PrintWriter err) {
		if (this.targets.config == null) {
			err.println("mamori: --from needs --config: the target is declared there under mamori.targets");
			return false;
		}
		dev.mamori.backup.offsite.TargetsProperties.Target target = config.targets().targets().get(this.from);
		if (target == null) {
			err.println("mamori: no target '" + this.from + "' under mamori.targets in " + this.targets.config
					+ " (declared: " + String.join(", ", config.targets().targets().keySet()) + ")");
			return false;
		}
		out.println("Downloading " + ((this.which.snapshot != null) ? this.which.snapshot : "the newest archive") + " of "
				+ this.app + " from " + target.describe() + " ...");
		out.flush();
		try {
			Path archive = dev.mamori.backup.offsite.TargetDownloads.download(this.from, target,
					dev.mamori.backup.offsite.TargetDownloads::secret, this.app, this.which.snapshot, this.dir);
			out.println("Downloaded " + archive.getFileName() + " to " + this.dir + " (SHA-256 verified)");
			this.which.snapshot = archive.getFileName().toString();
			return true;
		}
		catch (java.io.IOException | RuntimeException ex) {
			err.println("mamori: cannot download from " + this.from + ": " + MamoriCli.oneLine(ex));
			return false;
		}
	}

	private DestinationScanner.Found choose(PrintWriter err) {
		DestinationScanner.Found chosen = ArchiveChoice.choose(this.dir, this.app, this.which.snapshot);
		if (chosen == null) {
			err.println("mamori: no " + ((this.which.snapshot != null) ? "archive named " + this.which.snapshot : "archive")
					+ " of app '" + this.app + "' in " + this.dir);
		}
		return chosen;
	}

	private List<RestoreJob.Part> parts(Manifest manifest, AppsProperties.App declared, SourceHandlers handlers) {
		Map<String, String> globs = new LinkedHashMap<>();
		for (String item : this.only) {
			int colon = item.indexOf(':');
			globs.put((colon < 0) ? item : item.substring(0, colon), (colon < 0) ? null : item.substring(colon + 1));
		}
		for (String id : globs.keySet()) {
			if (manifest.sources().stream().noneMatch((s) -> s.id().equals(id))) {
				throw new CommandLine.ParameterException(this.spec.commandLine(), "--only " + id + ": the archive has no source '"
						+ id + "' (it has " + manifest.sources().stream().map(Manifest.SourceInfo::id).toList() + ")");
			}
		}
		List<RestoreJob.Part> parts = new ArrayList<>();
		for (Manifest.SourceInfo info : manifest.sources()) {
			if (!globs.isEmpty() && !globs.containsKey(info.id())) {
				continue;
			}
			Source source = source(info, declared);
			parts.add(new RestoreJob.Part(source, handlers.of(source), info, globs.get(info.id())));
		}
		return parts;
	}

	private Source source(Manifest.SourceInfo info, AppsProperties.App declared) {
		if (declared != null) {
			Source source = declared.sources().stream().filter((s) -> s.id().equals(info.id())).findFirst()
				.orElseThrow(() -> new CommandLine.ParameterException(this.spec.commandLine(), "source '" + info.id()
						+ "' of the archive is not declared for app '" + this.app + "' in " + this.targets.config));
			if (source.type() != SourceHandlers.type(info.type())) {
				throw new CommandLine.ParameterException(this.spec.commandLine(), "source '" + info.id() + "' is " + info.type()
						+ " in the archive but " + source.type() + " in " + this.targets.config);
			}
			return source;
		}
		if (this.targets.target != null) {
			try {
				return SourceHandlers.retarget(info, this.targets.target);
			}
			catch (dev.mamori.backup.source.SourceException ex) {
				throw new CommandLine.ParameterException(this.spec.commandLine(), ex.getMessage());
			}
		}
		return SourceHandlers.original(info);
	}

	/** Entries of a source restored with a glob: only the files (and directories) the glob matches. */
	private static Predicate<String> select(List<RestoreJob.Part> parts) {
		Map<String, PathMatcher> matchers = new LinkedHashMap<>();
		for (RestoreJob.Part part : parts) {
			if (part.only() != null) {
				matchers.put(part.info().entryPrefix(), FileSystems.getDefault().getPathMatcher("glob:" + part.only()));
			}
		}
		if (matchers.isEmpty()) {
			return null;
		}
		return (name) -> {
			for (Map.Entry<String, PathMatcher> matcher : matchers.entrySet()) {
				if (name.startsWith(matcher.getKey())) {
					String relative = name.substring(matcher.getKey().length());
					while (relative.endsWith("/")) {
						relative = relative.substring(0, relative.length() - 1);
					}
					return !relative.isEmpty() && matcher.getValue().matches(Path.of(relative));
				}
			}
			return true;
		};
	}

	private void printPlan(PrintWriter out, DestinationScanner.Found chosen, List<RestoreJob.Part> parts,
			AppsProperties.App declared) {
		Manifest manifest = chosen.manifest();
		out.println("Restore of " + this.app + " from " + chosen.archive().getFileName() + " (taken "
				+ manifest.createdAt().atZone(ZoneId.systemDefault()).toLocalDateTime() + ")");
		for (RestoreJob.Part part : parts) {
			SourceHandler handler = part.handler();
			long now = handler.currentSize(part.source());
			out.printf("  %-10s %-9s %s%s%n             now %s, in the archive %s: %s%n", part.source().id(), part.info().type(),
					handler.target(part.source()), (part.only() != null) ? " (only " + part.only() + ")" : "",
					(now < 0) ? "missing" : DestinationCheck.human(now), DestinationCheck.human(Math.max(0, part.info().bytes())),
					handler.action(part.source()).text());
		}
		AppsProperties.Service service = (declared != null) ? declared.service() : null;
		out.println("  stop:   " + ((service != null && service.stop() != null) ? service.stop() : "(no command declared)"));
		out.println("  start:  " + ((service != null && service.start() != null) ? service.start() : "(no command declared)"));
		out.println("  health: " + ((declared != null && declared.healthUrl() != null) ? declared.healthUrl() : "(no health URL declared)"));
		out.println("  the replaced data is moved aside by rename and then added to " + this.dir
				+ " as a pre-restore archive; nothing on the drive is deleted");
	}

	private boolean confirmed(PrintWriter out) throws java.io.IOException {
		out.print("Type the app id (" + this.app + ") to restore: ");
		out.flush();
		String typed = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		return typed != null && typed.strip().equals(this.app);
	}

	/** The recovery report, in the user's language, numbered and filed on the drive. */
	private String report(DestinationScanner.Found chosen, List<RestoreJob.Part> parts, RestoreEngine.Result result,
			Steps steps, Instant requested, String preRestore) {
		Instant finished = Instant.now();
		Duration rto = (result.healthyAt() != null) ? Duration.between(requested, result.healthyAt()) : null;
		ZoneId zone = ZoneId.systemDefault();
		Locale locale = Locale.getDefault();
		java.util.function.Function<String, String> render = (number) -> RecoveryReport.render(number,
				view(chosen, parts, result, steps, requested, finished, rto, number, preRestore), this.app, preRestore, zone,
				locale);
		try {
			String number = ReportNumbers.claim(this.dir, "REC", requested.atZone(zone).getYear(), 0, render);
			return render.apply(number);
		}
		catch (java.io.IOException ex) {
			return render.apply("REC-(unnumbered: " + ex.getMessage() + ")");
		}
	}

	private RestoreRunView view(DestinationScanner.Found chosen, List<RestoreJob.Part> parts, RestoreEngine.Result result,
			Steps steps, Instant requested, Instant finished, Duration rto, String number, String preRestore) {
		String who = "cli (" + System.getProperty("user.name") + ")";
		return new RestoreRunView(0, this.app, 0, chosen.archive().getFileName().toString(), chosen.manifest().createdAt(),
				parts.stream().map((p) -> p.source().id()).toList(), result.status(), who, requested, finished, rto,
				Duration.between(chosen.manifest().createdAt(), requested), null, result.error(), steps.steps, number,
				result.healthBefore(), preRestore, null);
	}

	/** Prints each step as it ends and keeps it for the report. */
	private static final class Steps implements RestoreListener {

		private final PrintWriter out;

		private final List<RestoreRunView.Step> steps = new ArrayList<>();

		private Instant started;

		Steps(PrintWriter out) {
			this.out = out;
		}

		@Override
		public void stepStarted(String name) {
			this.started = Instant.now();
			if (MamoriCli.terminal()) {
				this.out.print("  " + name + " …\r");
				this.out.flush();
			}
		}

		@Override
		public void stepEnded(String name, String outcome, String message) {
			this.steps.add(new RestoreRunView.Step(this.steps.size() + 1, name, outcome, this.started, Instant.now(), message));
			this.out.printf(Locale.ROOT, "  %-20s %-9s %s%n", name, outcome, (message != null) ? message : "");
			this.out.flush();
		}

	}

}
