package dev.mamori.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.drill.DrillReport;
import dev.mamori.backup.drill.DrillResult;
import dev.mamori.backup.drill.DrillRunner;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.ReportNumbers;
import dev.mamori.backup.source.SourceHandlers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill}: the monthly restore test on a spare machine with only the drive. The snapshot is
 * restored into a scratch folder through the same engine as a real restore, checked (archive checksum,
 * every entry, SQLite integrity, row counts against the manifest), and removed; nothing live is touched
 * and nothing on the drive is deleted. The report {@code DRL-YYYY-NNN} is printed and added to the drive's
 * {@code .mamori-reports}.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
		description = { "Prove that a snapshot restores: restore it into a scratch folder, check it, remove it.",
				"Nothing live is touched and nothing on the drive is deleted; the report is printed and kept on the drive." })
class DrillCommand implements Callable<Integer> {

	@Option(names = "--dir", required = true, description = "Directory holding the archives, e.g. the USB drive.")
	Path dir;

	@Option(names = "--app", required = true, description = "The app id.")
	String app;

	@Option(names = "--snapshot", description = "An archive's file name (default: the newest, never a pre-restore one).")
	String snapshot;

	@Option(names = "--state-dir", description = "Where the scratch folder and the drill journal are kept "
			+ "(default: $MAMORI_DATA_DIR, else ~/.mamori).")
	Path stateDir;

	@Option(names = "--lang", description = "Language of the report: ja or en (default: the system's).")
	String lang;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		Locale locale = (this.lang != null) ? Locale.forLanguageTag(this.lang) : Locale.getDefault();
		boolean ja = "ja".equals(locale.getLanguage());
		if (!Files.isDirectory(this.dir)) {
			err.println(ja ? "mamori: ディレクトリ " + this.dir + " がありません" : "mamori: no directory " + this.dir);
			return MamoriCli.EXIT_USAGE;
		}
		DestinationScanner.Found chosen = ArchiveChoice.choose(this.dir, this.app, this.snapshot);
		if (chosen == null) {
			String what = (this.snapshot != null) ? this.snapshot : (ja ? "アーカイブ" : "archive");
			err.println(ja ? "mamori: " + this.dir + " にアプリ '" + this.app + "' の " + what + " がありません"
					: "mamori: no " + ((this.snapshot != null) ? "archive named " + what : what) + " of app '" + this.app
							+ "' in " + this.dir);
			return MamoriCli.EXIT_USAGE;
		}
		Path state = state();
		DrillRunner runner = new DrillRunner(new SourceHandlers("pg_dump", "pg_restore"), state.resolve("drill-journal"),
				state.resolve("drills"), state.resolve("work"), new HealthProbe(1, Duration.ofSeconds(1), Duration.ofSeconds(5)),
				Clock.systemUTC());
		runner.sweep();
		Instant started = Instant.now();
		DrillResult result = runner.run(started.toEpochMilli(), this.app, chosen.archive(), chosen.manifest(), List.of(), null);
		ZoneId zone = ZoneId.systemDefault();
		String archiveName = chosen.archive().getFileName().toString();
		String number;
		try {
			number = ReportNumbers.claim(this.dir, "DRL", started.atZone(zone).getYear(), 0,
					(n) -> DrillReport.render(n, this.app, archiveName, chosen.manifest().createdAt(), started, result, zone, locale));
		}
		catch (java.io.IOException ex) {
			number = "DRL-" + started.atZone(zone).getYear() + "-unsaved";
			err.println(ja ? "mamori: 報告書をドライブに保存できません: " + ex.getMessage()
					: "mamori: could not keep the report on the drive: " + ex.getMessage());
		}
		out.println(DrillReport.render(number, this.app, archiveName, chosen.manifest().createdAt(), started, result, zone, locale));
		out.flush();
		if (result.succeeded()) {
			return 0;
		}
		err.println(ja ? "mamori: 訓練不合格: " + result.error() : "mamori: drill FAILED: " + result.error());
		return MamoriCli.EXIT_FAILED;
	}

	private Path state() {
		if (this.stateDir != null) {
			return this.stateDir;
		}
		String env = System.getenv("MAMORI_DATA_DIR");
		if (env != null && !env.isBlank()) {
			return Path.of(env);
		}
		return Path.of(System.getProperty("user.home"), ".mamori");
	}

}
