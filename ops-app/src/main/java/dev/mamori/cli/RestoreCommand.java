package dev.mamori.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import dev.mamori.backup.RestorePlan;
import dev.mamori.backup.RestoreRunView;
import dev.mamori.backup.RestoreService;
import dev.mamori.backup.RestoreStatus;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.destination.DestinationCheck;
import dev.mamori.core.Actor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code restore}: disaster recovery from a directory of archives (the USB drive) on a machine
 * where Mamori's database is gone. The same steps as the server's restore: verify, safety snapshot
 * into the same directory, stop, swap, check, start, health, rollback; the report is printed at
 * the end.
 */
@Command(name = "restore", description = "Restore an app from a directory of archives (no database needed).")
class RestoreCommand implements Callable<Integer> {

	@Option(names = "--dir", required = true, description = "Directory holding the archives, e.g. the USB drive.")
	Path dir;

	@Option(names = "--app", required = true, description = "The app id.")
	String app;

	@CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
	Which which;

	@Option(names = "--only", split = ",", description = "Only these source ids, e.g. --only db,data.")
	List<String> only = new ArrayList<>();

	@CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
	Targets targets;

	@Option(names = "--dry-run", description = "Print the plan and change nothing.")
	boolean dryRun;

	@Option(names = "--yes", description = "Do not ask for the app id to be typed.")
	boolean yes;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	static class Which {

		@Option(names = "--latest", required = true, description = "The newest archive of the app.")
		boolean latest;

		@Option(names = "--snapshot", required = true, description = "An archive's file name.")
		String snapshot;

	}

	static class Targets {

		@Option(names = "--config", required = true, description = "mamori.yml that declares the app's targets and commands.")
		Path config;

		@Option(names = "--to-original", required = true,
				description = "Restore to the locations recorded in the archive's manifest.")
		boolean toOriginal;

	}

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		if (!Files.isDirectory(this.dir)) {
			err.println("mamori: " + this.dir + " is not a directory");
			return MamoriCli.EXIT_USAGE;
		}
		List<DestinationScanner.Found> archives = DestinationScanner.scan(this.dir)
			.stream()
			.filter((f) -> this.app.equals(f.manifest().app()))
			.toList();
		DestinationScanner.Found chosen = (this.which.snapshot != null)
				? archives.stream().filter((f) -> f.archive().getFileName().toString().equals(this.which.snapshot)).findFirst().orElse(null)
				: archives.stream()
					.filter((f) -> !f.manifest().tags().contains("pre-restore"))
					.max(Comparator.comparing((DestinationScanner.Found f) -> f.manifest().createdAt()))
					.orElse(null);
		if (chosen == null) {
			err.println("mamori: no " + ((this.which.snapshot != null) ? "archive named " + this.which.snapshot : "archive")
					+ " of app '" + this.app + "' in " + this.dir);
			return MamoriCli.EXIT_USAGE;
		}
		List<String> args = new ArrayList<>();
		Path state = Files.createTempDirectory("mamori-restore-state");
		args.add("--mamori.data-dir=" + state);
		args.add("--mamori.apps." + this.app + ".backup.destination=" + this.dir.toAbsolutePath());
		if (this.targets.toOriginal) {
			args.addAll(originalTargets(chosen.manifest()));
		}
		try (ConfigurableApplicationContext context = MamoriCli.context(this.targets.config, args.toArray(String[]::new))) {
			BackupService backups = context.getBean(BackupService.class);
			RestoreService restores = context.getBean(RestoreService.class);
			String name = chosen.archive().getFileName().toString();
			SnapshotView snapshot = backups.snapshots(this.app).stream().filter((s) -> s.name().equals(name)).findFirst()
				.orElseThrow(() -> new IllegalStateException(name + " was not found when reading " + this.dir));
			RestorePlan plan = restores.plan(this.app, snapshot.id(), this.only);
			printPlan(out, plan);
			if (this.dryRun) {
				out.println("Dry run: nothing was changed.");
				return 0;
			}
			if (!this.yes) {
				out.print("Type the app id (" + this.app + ") to restore: ");
				out.flush();
				String typed = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
				if (typed == null || !typed.strip().equals(this.app)) {
					err.println("mamori: not confirmed; nothing was changed");
					return MamoriCli.EXIT_FAILED;
				}
			}
			RestoreRunView run = restores.runAndWait(this.app, snapshot.id(), this.only, this.app,
					new Actor(Actor.Type.SYSTEM, "cli", null));
			out.println();
			out.println(restores.report(run.id()));
			if (run.status() == RestoreStatus.SUCCEEDED) {
				return 0;
			}
			err.println("mamori: restore " + run.status() + ": " + run.error());
			return MamoriCli.EXIT_FAILED;
		}
		finally {
			deleteQuietly(state);
		}
	}

	private List<String> originalTargets(Manifest manifest) {
		List<String> args = new ArrayList<>();
		String prefix = "--mamori.apps." + this.app + ".sources[";
		for (int i = 0; i < manifest.sources().size(); i++) {
			Manifest.SourceInfo source = manifest.sources().get(i);
			args.add(prefix + i + "].id=" + source.id());
			args.add(prefix + i + "].type=" + source.type());
			if ("postgres".equals(source.type())) {
				// Credentials come from the usual PostgreSQL environment: PGUSER, PGPASSWORD.
				args.add(prefix + i + "].url=jdbc:" + source.location());
				String user = System.getenv("PGUSER");
				if (user != null) {
					args.add(prefix + i + "].username=" + user);
				}
				String password = System.getenv("PGPASSWORD");
				if (password != null) {
					args.add(prefix + i + "].password=" + password);
				}
			}
			else {
				args.add(prefix + i + "].path=" + source.location());
			}
		}
		return args;
	}

	private static void printPlan(PrintWriter out, RestorePlan plan) {
		out.println("Restore of " + plan.appId() + " from " + plan.snapshot().name() + " (taken " + plan.snapshot().createdAt() + ")");
		for (RestorePlan.SourcePlan source : plan.sources()) {
			out.printf("  %-10s %-9s %s%n             now %s, in the archive %s: %s%n", source.id(), source.type(),
					source.target(), (source.currentBytes() < 0) ? "missing" : DestinationCheck.human(source.currentBytes()),
					DestinationCheck.human(Math.max(0, source.snapshotBytes())), source.action());
		}
		out.println("  stop:  " + (plan.stopCommand().isEmpty() ? "(no command declared)" : String.join(" ", plan.stopCommand())));
		out.println("  start: " + (plan.startCommand().isEmpty() ? "(no command declared)" : String.join(" ", plan.startCommand())));
		out.println("  health: " + ((plan.healthUrl() != null) ? plan.healthUrl() : "(no health URL declared)"));
		out.println("  first: " + plan.safetySnapshot());
	}

	private static void deleteQuietly(Path dir) {
		try (var files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory; the system cleans it eventually.
		}
	}

}
