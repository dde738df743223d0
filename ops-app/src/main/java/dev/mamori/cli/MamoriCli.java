package dev.mamori.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import dev.mamori.MamoriApplication;
import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.archive.ArchiveVerifier;
import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.destination.DestinationCheck;
import dev.mamori.core.Actor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar mamori.jar <command>}. Exit code 0 on success; otherwise non-zero with a
 * one-line reason on standard error.
 */
@Command(name = "mamori", mixinStandardHelpOptions = true, versionProvider = MamoriCli.Version.class,
		description = "Backups, safe restores and monitoring for small self-hosted web apps.",
		subcommands = { MamoriCli.Snapshots.class, MamoriCli.Verify.class, MamoriCli.Backup.class,
				MamoriCli.Catalog.class, RestoreCommand.class })
public class MamoriCli {

	/** Subcommand names; anything else starts the server. */
	public static final Set<String> COMMANDS = Set.of("snapshots", "verify", "backup", "catalog", "restore", "--help", "-h",
			"--version", "-V", "help");

	static final int EXIT_FAILED = 1;

	static final int EXIT_USAGE = 2;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	/**
	 * @param args command-line arguments
	 * @return the exit code
	 */
	public static int run(String... args) {
		CommandLine commandLine = new CommandLine(new MamoriCli());
		commandLine.setExecutionExceptionHandler((ex, cmd, parsed) -> {
			cmd.getErr().println("mamori: " + oneLine(ex));
			return EXIT_FAILED;
		});
		return commandLine.execute(args);
	}

	static String oneLine(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return message.replace('\n', ' ');
	}

	static boolean terminal() {
		return System.console() != null;
	}

	/** {@code snapshots --dir D}: lists archives from their sidecars, no database needed. */
	@Command(name = "snapshots", description = "List the archives in a directory (no database needed).")
	static class Snapshots implements Callable<Integer> {

		@Option(names = "--dir", required = true, description = "Directory holding the archives, e.g. the USB drive.")
		Path dir;

		@Option(names = "--app", description = "Only this app's archives.")
		String app;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			if (!Files.isDirectory(this.dir)) {
				this.spec.commandLine().getErr().println("mamori: " + this.dir + " is not a directory");
				return EXIT_USAGE;
			}
			List<DestinationScanner.Found> found = new ArrayList<>(DestinationScanner.scan(this.dir));
			found.removeIf((f) -> this.app != null && !this.app.equals(f.manifest().app()));
			if (found.isEmpty()) {
				out.println("No Mamori archives in " + this.dir);
				return 0;
			}
			out.printf("%-40s %-12s %-20s %10s  %s%n", "ARCHIVE", "APP", "CREATED", "SIZE", "SOURCES");
			for (DestinationScanner.Found f : found) {
				String sources = String.join(",", f.manifest().sources().stream().map((s) -> s.id() + ":" + s.type()).toList());
				String tags = f.manifest().tags().isEmpty() ? "" : " [" + String.join(",", f.manifest().tags()) + "]";
				out.printf("%-40s %-12s %-20s %10s  %s%s%n", f.archive().getFileName(), f.manifest().app(),
						TIME.format(f.manifest().createdAt().atZone(ZoneId.systemDefault())),
						DestinationCheck.human(f.size()), sources, tags);
			}
			return 0;
		}

	}

	/** {@code verify <archive>}: re-reads every entry against the manifest. */
	@Command(name = "verify", description = "Check an archive's checksum and every entry against its manifest.")
	static class Verify implements Callable<Integer> {

		@Parameters(index = "0", description = "The .tar.zst archive.")
		Path archive;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() throws Exception {
			if (!Files.isRegularFile(this.archive)) {
				this.spec.commandLine().getErr().println("mamori: " + this.archive + " does not exist");
				return EXIT_USAGE;
			}
			long total = Files.size(this.archive);
			AtomicLong read = new AtomicLong();
			Progress progress = new Progress("verify", total);
			ArchiveVerifier.Verification result = ArchiveVerifier.verify(this.archive,
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
	@Command(name = "backup", description = "Back up an app now, as configured in mamori.yml.")
	static class Backup implements Callable<Integer> {

		@CommandLine.Mixin
		AppOptions options;

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

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
	@Command(name = "catalog", description = "Catalog maintenance.", subcommands = Catalog.Rebuild.class)
	static class Catalog {

		@Command(name = "rebuild", description = "Re-read the destination's manifests into the catalog.")
		static class Rebuild implements Callable<Integer> {

			@CommandLine.Mixin
			AppOptions options;

			@CommandLine.Spec
			CommandLine.Model.CommandSpec spec;

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

	static ConfigurableApplicationContext context(Path config, String... extra) {
		List<String> args = new ArrayList<>();
		args.add("--mamori.scheduling.enabled=false");
		args.add("--spring.main.banner-mode=off");
		args.add("--logging.level.root=WARN");
		if (config != null) {
			args.add("--spring.config.import=optional:file:/etc/mamori/mamori.yml,optional:file:./mamori.yml,file:"
					+ config.toAbsolutePath());
		}
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(MamoriApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(args.toArray(String[]::new));
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
			String version = MamoriCli.class.getPackage().getImplementationVersion();
			return new String[] { "mamori " + ((version != null) ? version : "dev") };
		}

	}

}
