package dev.mamori.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.archive.ArchiveVerifier;
import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.destination.DestinationCheck;
import dev.mamori.core.Actor;
import dev.mamori.core.error.ErrorMessages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar mamori.jar <command>}. Exit code 0 on success, 1 when the command failed, 2 for
 * a usage error; every error is one line on standard error starting {@code mamori: }, with the
 * stack trace only under {@code --debug}.
 * <p>
 * Commands that need no database ({@code snapshots}, {@code verify}, every {@code --help} and
 * {@code --version}) run in plain Java: this class and those commands must not reach Spring Boot's
 * application classes (the database commands start Spring through {@link CliContext}).
 */
public final class MamoriCli {

	/**
	 * Options that select the command line although they start with a dash; any word that does not
	 * start with one selects it too (a mistyped command gets an error, not a server).
	 */
	public static final Set<String> COMMANDS = Set.of("--help", "-h", "--version", "-V");

	static final int EXIT_OK = 0;

	static final int EXIT_FAILED = 1;

	static final int EXIT_USAGE = 2;

	private static final String DEBUG = "--debug";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	/** Whether the running command was given {@code --debug}; read by the Spring startup. */
	private static volatile boolean debug;

	private MamoriCli() {
	}

	/**
	 * @param args the program's arguments
	 * @return whether they name a command (skipping {@code --debug}), rather than the server's
	 * {@code --key=value} settings
	 */
	public static boolean isCommand(String... args) {
		for (String arg : args) {
			if (!DEBUG.equals(arg)) {
				return COMMANDS.contains(arg) || !arg.startsWith("-");
			}
		}
		return false;
	}

	/**
	 * @param args command-line arguments
	 * @return the exit code
	 */
	public static int run(String... args) {
		debug = debugRequested(args);
		CommandLine commandLine = commandLine();
		if (!java.nio.charset.Charset.defaultCharset().newEncoder().canEncode('\u76e3')) {
			// The JVM fell back to ASCII (LANG=ja_JP.UTF-8 without that locale installed): UTF-8 rather than
			// question marks for Japanese messages and non-ASCII file names.
			commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true));
			commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true));
		}
		if (!helpOnly(args) && !remote(args)) {
			// Before anything else: a restore a crash interrupted is finished or undone.
			CliState.recoverIfAny(CliState.journalDir(null, null, null), null, commandLine.getErr());
		}
		return commandLine.execute(args);
	}

	/** Remote commands change nothing on this machine, so a local restore journal is not theirs. */
	private static boolean remote(String... args) {
		for (String arg : args) {
			if (!DEBUG.equals(arg)) {
				return "remote".equals(arg);
			}
		}
		return false;
	}

	private static boolean helpOnly(String... args) {
		for (String arg : args) {
			if (COMMANDS.contains(arg) || "help".equals(arg)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * @return the command line with every command and subcommand, each with {@code --help} and
	 * {@code --version}, and the one-line error handling
	 */
	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new Root());
		standardOptions(commandLine);
		commandLine.setParameterExceptionHandler((ex, args) -> {
			CommandLine failed = ex.getCommandLine();
			PrintWriter err = failed.getErr();
			String reason = ErrorMessages.firstLine(ex.getMessage());
			if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
				reason += " (did you mean " + String.join(" or ", likely(unmatched)) + "?)";
			}
			err.println("mamori: " + reason);
			if (debug) {
				ex.printStackTrace(err);
			}
			err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
			return EXIT_USAGE;
		});
		commandLine.setExecutionExceptionHandler((ex, failed, parsed) -> {
			failed.getErr().println("mamori: " + oneLine(ex));
			if (debug) {
				ex.printStackTrace(failed.getErr());
			}
			return EXIT_FAILED;
		});
		return commandLine;
	}

	/**
	 * {@code --help} and {@code --version} on every subcommand, also those declared without them:
	 * picocli then skips required options when help is asked for.
	 */
	private static void standardOptions(CommandLine commandLine) {
		for (CommandLine sub : commandLine.getSubcommands().values()) {
			CommandSpec spec = sub.getCommandSpec();
			if (!spec.mixinStandardHelpOptions() && !spec.options().stream().anyMatch(CommandLine.Model.OptionSpec::usageHelp)) {
				spec.mixinStandardHelpOptions(true);
			}
			if (spec.versionProvider() == null) {
				spec.versionProvider(new Version());
			}
			standardOptions(sub);
		}
	}

	/**
	 * picocli's suggestions that start like the mistyped word ({@code snapshot} suggests
	 * {@code snapshots}, not {@code remote}); all of them when none does.
	 */
	private static List<String> likely(CommandLine.UnmatchedArgumentException unmatched) {
		List<String> words = unmatched.getUnmatched();
		String typed = words.isEmpty() ? "" : words.get(0);
		List<String> close = unmatched.getSuggestions()
			.stream()
			.filter((s) -> !typed.isEmpty() && !s.isEmpty() && s.charAt(0) == typed.charAt(0))
			.toList();
		return close.isEmpty() ? unmatched.getSuggestions() : close;
	}

	private static boolean debugRequested(String... args) {
		for (String arg : args) {
			if ("--".equals(arg)) {
				return false;
			}
			if (DEBUG.equals(arg)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One line for an error: a configuration problem names its key; otherwise the innermost cause.
	 */
	static String oneLine(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CliConfigException) {
				return ErrorMessages.firstLine(cause.getMessage());
			}
			if (cause instanceof BindException bind) {
				return "invalid configuration: " + CliConfig.describe(bind);
			}
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return message.strip().replace('\n', ' ');
	}

	/**
	 * @return whether the running command was given {@code --debug}
	 */
	static boolean debug() {
		return debug;
	}

	static boolean terminal() {
		return System.console() != null;
	}

	/**
	 * The Spring application for a command that needs Mamori's database.
	 * @param config the file given with {@code --config}, or {@code null}
	 * @param extra more {@code --key=value} settings
	 * @return the started context; close it
	 */
	static ConfigurableApplicationContext context(Path config, String... extra) {
		return CliContext.start(config, debug, extra);
	}

	/** The top command: only options and subcommands. */
	@Command(name = "mamori", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = "Backups, safe restores and monitoring for small self-hosted web apps.",
			subcommands = { MamoriCli.Snapshots.class, MamoriCli.Verify.class, MamoriCli.Backup.class,
					MamoriCli.Catalog.class, RestoreCommand.class, RestoreSelfCommand.class, DrillCommand.class,
					RemoteCommand.class,
					CommandLine.HelpCommand.class })
	static class Root implements Callable<Integer> {

		@Option(names = DEBUG, scope = ScopeType.INHERIT, description = "On an error, print the full stack trace.")
		boolean debug;

		@CommandLine.Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing command");
		}

	}

	/** {@code snapshots --dir D}: lists archives from their sidecars, newest first, no database needed. */
	@Command(name = "snapshots", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = { "List the archives in a directory, newest first (no database needed).",
					"Tags such as [pre-restore] follow the sources; 'no checksum' marks an archive without its .sha256 file." })
	static class Snapshots implements Callable<Integer> {

		@Option(names = "--dir", required = true, description = "Directory holding the archives, e.g. the USB drive.")
		Path dir;

		@Option(names = "--app", description = "Only this app's archives.")
		String app;

		@Option(names = "--json", description = "Print a JSON array (archive, path, app, createdAt, size, sources, tags, sha256) for scripts.")
		boolean json;

		@CommandLine.Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			if (!Files.isDirectory(this.dir)) {
				this.spec.commandLine().getErr().println("mamori: " + this.dir + " is not a directory");
				return EXIT_USAGE;
			}
			List<DestinationScanner.Found> found = new ArrayList<>(DestinationScanner.scan(this.dir));
			found.removeIf((f) -> this.app != null && !this.app.equals(f.manifest().app()));
			found.sort(Comparator.comparing((DestinationScanner.Found f) -> f.manifest().createdAt())
				.thenComparing((f) -> f.archive().getFileName().toString())
				.reversed());
			if (this.json) {
				out.println(json(found));
				return EXIT_OK;
			}
			if (found.isEmpty()) {
				out.println("No Mamori archives in " + this.dir);
				return EXIT_OK;
			}
			out.printf("%-40s %-12s %-20s %10s  %s%n", "ARCHIVE", "APP", "CREATED", "SIZE", "SOURCES");
			for (DestinationScanner.Found f : found) {
				String sources = String.join(",", f.manifest().sources().stream().map((s) -> s.id() + ":" + s.type()).toList());
				String tags = f.manifest().tags().isEmpty() ? "" : " [" + String.join(",", f.manifest().tags()) + "]";
				String checksum = f.sha256().isEmpty() ? " (no checksum)" : "";
				out.printf("%-40s %-12s %-20s %10s  %s%s%s%n", f.archive().getFileName(), f.manifest().app(),
						TIME.format(f.manifest().createdAt().atZone(ZoneId.systemDefault())),
						DestinationCheck.human(f.size()), sources, tags, checksum);
			}
			return EXIT_OK;
		}

		private static String json(List<DestinationScanner.Found> found) {
			List<Map<String, Object>> rows = new ArrayList<>();
			for (DestinationScanner.Found f : found) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("archive", f.archive().getFileName().toString());
				row.put("path", f.archive().toAbsolutePath().toString());
				row.put("app", f.manifest().app());
				row.put("createdAt", f.manifest().createdAt().toString());
				row.put("size", f.size());
				row.put("sources", f.manifest().sources().stream()
					.map((s) -> Map.of("id", s.id(), "type", s.type(), "bytes", s.bytes()))
					.toList());
				row.put("tags", f.manifest().tags());
				row.put("sha256", f.sha256().isEmpty() ? null : f.sha256());
				rows.add(row);
			}
			return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(rows);
		}

	}

	/** {@code verify <archive>}: re-reads every entry against the manifest. */
	@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = "Check an archive's checksum and every entry against its manifest.")
	static class Verify implements Callable<Integer> {

		@Parameters(index = "0", description = "The .tar.zst archive.")
		Path archive;

		@Option(names = "--identity", paramLabel = "FILE",
				description = "An age identity file (AGE-SECRET-KEY-1..., from age-keygen) for an encrypted archive.")
		Path identity;

		@CommandLine.Spec
		CommandSpec spec;

		@Override
		public Integer call() throws Exception {
			if (!Files.isRegularFile(this.archive)) {
				this.spec.commandLine().getErr().println("mamori: " + this.archive + " does not exist");
				return EXIT_USAGE;
			}
			long total = Files.size(this.archive);
			AtomicLong read = new AtomicLong();
			Progress progress = new Progress("verify", total);
			dev.mamori.backup.age.AgeKeys keys;
			try {
				keys = CliIdentity.keys(this.identity, null);
			}
			catch (java.io.IOException ex) {
				this.spec.commandLine().getErr().println("mamori: " + oneLine(ex));
				return EXIT_USAGE;
			}
			ArchiveVerifier.Verification result = ArchiveVerifier.verify(this.archive, keys,
					(n) -> progress.show(read.addAndGet(n)));
			progress.done();
			if (result.intact()) {
				this.spec.commandLine().getOut().println("GOOD: " + this.archive.getFileName() + ", "
						+ result.entriesChecked() + " entries checked");
				return 0;
			}
			this.spec.commandLine().getErr().println("mamori: CORRUPT: " + String.join("; ", result.problems()));
			return EXIT_FAILED;
		}

	}

	/** {@code backup --app A}: one backup now, with the server's configuration. */
	@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = "Back up an app now, as configured in mamori.yml.")
	static class Backup implements Callable<Integer> {

		@CommandLine.Mixin
		AppOptions options;

		@CommandLine.Spec
		CommandSpec spec;

		@Override
		public Integer call() throws Exception {
			String app = this.options.app;
			try (ConfigurableApplicationContext context = context(this.options.config)) {
				BackupService backups = context.getBean(BackupService.class);
				BackupRunView run = backups.start(app, "CLI", new Actor(Actor.Type.SYSTEM, "cli", null));
				Progress progress = new Progress("backup " + app, 0);
				while (run.status() == RunStatus.RUNNING) {
					Thread.sleep(300);
					run = backups.run(run.id()).orElseThrow();
					progress.total(run.bytesExpected());
					progress.show(run.bytesDone());
				}
				progress.done();
				if (run.status() == RunStatus.SUCCEEDED) {
					String name = backups.snapshot(run.snapshotId()).name();
					this.spec.commandLine().getOut().println("OK: " + name + " (run " + run.id() + ")");
					return 0;
				}
				this.spec.commandLine().getErr().println("mamori: backup of " + app + " failed: " + run.error());
				return EXIT_FAILED;
			}
		}

	}

	/** {@code catalog rebuild --app A}: re-lists the archives in the app's destination. */
	@Command(name = "catalog", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
			description = "Catalog maintenance.", subcommands = Catalog.Rebuild.class)
	static class Catalog implements Callable<Integer> {

		@CommandLine.Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			throw new CommandLine.ParameterException(this.spec.commandLine(), "Missing command: rebuild");
		}

		@Command(name = "rebuild", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
				description = "Re-read the destination's manifests into the catalog.")
		static class Rebuild implements Callable<Integer> {

			@CommandLine.Mixin
			AppOptions options;

			@CommandLine.Spec
			CommandSpec spec;

			@Override
			public Integer call() {
				String app = this.options.app;
				try (ConfigurableApplicationContext context = context(this.options.config)) {
					BackupService backups = context.getBean(BackupService.class);
					int added = backups.rebuildCatalog(app, new Actor(Actor.Type.SYSTEM, "cli", null));
					this.spec.commandLine().getOut().println("OK: " + added + " archive(s) added; "
							+ backups.snapshots(app).size() + " listed for " + app);
					return 0;
				}
			}

		}

	}

	/** The options of commands that work on one declared app. */
	static class AppOptions {

		@Option(names = "--app", required = true, description = "The app id.")
		String app;

		@Option(names = "--config", description = "A mamori.yml to use instead of ./mamori.yml and /etc/mamori/mamori.yml.")
		Path config;

	}

	/** A one-line progress bar on a terminal; silent when output goes to a file or a pipe. */
	static final class Progress {

		private final String label;

		private long total;

		private final boolean enabled = terminal();

		private long lastPrinted;

		Progress(String label, long total) {
			this.label = label;
			this.total = total;
		}

		void total(long total) {
			this.total = total;
		}

		void show(long done) {
			long now = System.currentTimeMillis();
			if (!this.enabled || now - this.lastPrinted < 200) {
				return;
			}
			this.lastPrinted = now;
			int percent = (this.total > 0) ? (int) Math.min(100, done * 100 / this.total) : 0;
			int filled = percent / 4;
			System.err.printf("\r%s [%s%s] %3d%% %s", this.label, "#".repeat(filled), ".".repeat(25 - filled), percent,
					DestinationCheck.human(done));
		}

		void done() {
			if (this.enabled) {
				System.err.println();
			}
		}

	}

	/** The version from the jar's build information. */
	static class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "mamori " + version() };
		}

	}

	/**
	 * @return the version from the jar's manifest, or {@code dev}
	 */
	static String version() {
		String version = MamoriCli.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
