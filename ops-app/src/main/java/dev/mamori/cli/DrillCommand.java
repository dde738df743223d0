package dev.mamori.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.archive.DestinationScanner;
import dev.mamori.backup.drill.DrillBoot;
import dev.mamori.backup.drill.DrillQuery;
import dev.mamori.backup.DrillReport;
import dev.mamori.backup.drill.DrillResult;
import dev.mamori.backup.drill.DrillRunner;
import dev.mamori.backup.restore.HealthProbe;
import dev.mamori.backup.restore.ReportNumbers;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.core.command.CommandRunner;
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

	@Option(names = "--config", description = "A mamori.yml declaring the app: its drill's verification queries and boot "
			+ "command, and the PostgreSQL connection a database drill restores through (a scratch database on that server).")
	Path config;

	@Option(names = "--identity", paramLabel = "FILE",
			description = "An age identity file (AGE-SECRET-KEY-1..., from age-keygen) that opens encrypted archives; "
					+ "default: the app's backup.encryption.identity-file in --config.")
	Path identity;

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
		CliConfig settings = CliConfig.load(this.config);
		AppsProperties.App declared = (this.config != null) ? settings.apps().apps().get(this.app) : null;
		if (this.config != null && declared == null) {
			err.println(ja ? "mamori: アプリ '" + this.app + "' は " + this.config + " に宣言されていません"
					: "mamori: app '" + this.app + "' is not declared in " + this.config);
			return MamoriCli.EXIT_USAGE;
		}
		dev.mamori.backup.age.AgeKeys keys;
		DestinationScanner.Found opened;
		try {
			keys = CliIdentity.keys(this.identity, declared);
			opened = CliIdentity.opened(chosen, keys);
		}
		catch (java.io.IOException ex) {
			err.println("mamori: " + MamoriCli.oneLine(ex));
			return MamoriCli.EXIT_FAILED;
		}
		Map<String, Source> sources = new LinkedHashMap<>();
		List<DrillQuery> queries = new ArrayList<>();
		DrillBoot boot = null;
		Duration maxDuration = null;
		if (declared != null) {
			declared.sources().forEach((source) -> sources.put(source.id(), source));
			AppsProperties.Drill drill = declared.drill();
			if (drill != null) {
				drill.queries().forEach((q) -> queries.add(new DrillQuery(q.source(), q.sql(), q.expect(), q.value())));
				if (drill.boot() != null) {
					CommandRunner commands = new CommandRunner(settings.commands());
					if (!commands.isDeclared(drill.boot().command())) {
						err.println("mamori: " + this.config + ": mamori.apps." + this.app + ".drill.boot.command = '"
								+ drill.boot().command() + "' is not a declared command");
						return MamoriCli.EXIT_USAGE;
					}
					boot = new DrillBoot(commands.get(drill.boot().command()).argv(), drill.boot().healthUrl(),
							drill.boot().timeout());
				}
				maxDuration = drill.maxDuration();
			}
		}
		Path state = state(settings);
		DrillRunner runner = new DrillRunner(new SourceHandlers(settings.settings().pgDump(), settings.settings().pgRestore()),
				state.resolve("drill-journal"), state.resolve("drills"), state.resolve("work"),
				new HealthProbe(1, Duration.ofSeconds(1), Duration.ofSeconds(5)), Clock.systemUTC());
		runner.sweep(sources.values());
		Instant started = Instant.now();
		DrillResult result = runner.run(started.toEpochMilli() % 1_000_000_000L, this.app, chosen.archive(),
				opened.manifest(), queries, boot, sources, maxDuration, keys);
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

	private Path state(CliConfig settings) {
		if (this.stateDir != null) {
			return this.stateDir;
		}
		if (this.config != null) {
			return settings.dataDir();
		}
		String env = System.getenv("MAMORI_DATA_DIR");
		if (env != null && !env.isBlank()) {
			return Path.of(env);
		}
		return Path.of(System.getProperty("user.home"), ".mamori");
	}

}
