package dev.mamori.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mamori.MamoriApplication;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceHandler;
import dev.mamori.backup.source.SourceHandlers;
import dev.mamori.backup.source.SourceType;
import dev.mamori.support.TreeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance of the restore issue, disaster recovery on a bare machine: a real child JVM (Mamori's
 * main class, a fresh empty working directory, a fresh {@code HOME}, no {@code MAMORI_*}
 * variables, no configuration, no Mamori data), ten genuine archives of an app on the drive, the
 * app's whole tree gone (its parent directory too). {@code --latest} and {@code --snapshot OLDEST}
 * both succeed, every archive is still on the drive unchanged, {@code --latest} never picks a
 * pre-restore archive, no stack trace, no user created, no {@code data/} in the working directory;
 * then {@code --target}, {@code --only db} and {@code --only data:sub/**}.
 */
class BareMachineRestoreTests {

	private static final String APP = "notes";

	private static final int ARCHIVES = 10;

	@TempDir
	Path temp;

	Path appRoot;

	Path database;

	Path data;

	Path env;

	Path usb;

	Path home;

	Path workingDirectory;

	final StringBuilder everything = new StringBuilder();

	@Test
	void aBareMachineRestoresLatestAndOldestKeepsEveryArchiveAndRestoresToATargetOrOnlySomeSources() throws Exception {
		this.appRoot = this.temp.resolve("srv/notes");
		this.database = this.appRoot.resolve("notes.db");
		this.data = this.appRoot.resolve("data");
		this.env = this.appRoot.resolve(".env");
		this.usb = Files.createDirectories(this.temp.resolve("usb"));
		this.home = Files.createDirectories(this.temp.resolve("home"));
		this.workingDirectory = Files.createDirectories(this.temp.resolve("spare"));

		// Ten genuine backups, one a day, of a changing app.
		List<Version> versions = new ArrayList<>();
		for (int i = 0; i < ARCHIVES; i++) {
			versions.add(backUpVersion(i));
		}
		Map<String, String> drive = archivesOnTheDrive();
		assertThat(drive).hasSize(ARCHIVES);
		Version oldest = versions.get(0);
		Version newest = versions.get(ARCHIVES - 1);

		// The machine is gone: the app's whole tree, its parent directory with it.
		deleteTree(this.temp.resolve("srv"));
		assertThat(this.temp.resolve("srv")).doesNotExist();

		Run latest = mamori("restore", "--dir", this.usb.toString(), "--app", APP, "--latest", "--to-original", "--yes");
		assertThat(latest.exit()).as(latest.output()).isZero();
		assertThat(latest.output()).contains("Restore of " + APP + " from " + newest.archive());
		newest.assertLive(this);

		Run old = mamori("restore", "--dir", this.usb.toString(), "--app", APP, "--snapshot", oldest.archive(),
				"--to-original", "--yes");
		assertThat(old.exit()).as(old.output()).isZero();
		oldest.assertLive(this);

		assertEveryArchiveKept(drive);

		long started = System.nanoTime();
		Run dryRun = mamori("restore", "--dir", this.usb.toString(), "--app", APP, "--latest", "--to-original",
				"--dry-run");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.println("restore --latest --dry-run in a child JVM took " + took.toMillis() + " ms");
		assertThat(dryRun.exit()).as(dryRun.output()).isZero();
		assertThat(dryRun.output()).as("--latest never picks a pre-restore archive")
			.contains("Restore of " + APP + " from " + newest.archive() + " ")
			.contains("Dry run: nothing was changed.");
		oldest.assertLive(this);

		// Into another directory: the live app is left alone.
		Map<String, String> live = TreeState.of(this.appRoot, List.of());
		Path target = this.temp.resolve("recovered/copy");
		Run elsewhere = mamori("restore", "--dir", this.usb.toString(), "--app", APP, "--latest", "--target",
				target.toString(), "--yes");
		assertThat(elsewhere.exit()).as(elsewhere.output()).isZero();
		assertThat(rows(target.resolve("notes.db"))).isEqualTo(newest.rows());
		assertThat(contents(target.resolve("data"))).isEqualTo(newest.data());
		assertThat(target.resolve(".env")).hasContent(newest.env());
		assertThat(TreeState.of(this.appRoot, List.of())).as("live data untouched by --target").isEqualTo(live);

		// Only the database.
		exec(this.database, "delete from items where id > 3");
		Files.writeString(this.data.resolve("top.txt"), "changed after the backup\n");
		Files.writeString(this.env, "VERSION=local\n");
		Map<String, String> dataBefore = TreeState.of(this.data, List.of());
		Run onlyDb = mamori("restore", "--dir", this.usb.toString(), "--app", APP, "--latest", "--to-original",
				"--only", "db", "--yes");
		assertThat(onlyDb.exit()).as(onlyDb.output()).isZero();
		assertThat(rows(this.database)).isEqualTo(newest.rows());
		assertThat(TreeState.of(this.data, List.of())).as("the data directory untouched by --only db")
			.isEqualTo(dataBefore);
		assertThat(this.env).hasContent("VERSION=local\n");

		// Only the files under sub/ of the data directory, into a live directory with other files.
		Files.writeString(this.data.resolve("sub/s.txt"), "damaged\n");
		Files.delete(this.data.resolve("sub/deep/d.bin"));
		Files.writeString(this.data.resolve("local-only.txt"), "made on this machine\n");
		Map<String, String> outsideSub = new TreeMap<>(TreeState.of(this.data, List.of(this.data.resolve("sub"))));
		outsideSub.remove("");
		long rowsBefore = rows(this.database);
		Run onlySub = mamori("restore", "--dir", this.usb.toString(), "--app", APP, "--latest", "--to-original",
				"--only", "data:sub/**", "--yes");
		assertThat(onlySub.exit()).as(onlySub.output()).isZero();
		Map<String, String> restored = contents(this.data);
		assertThat(restored).as("files under sub/ are the archive's")
			.containsEntry("sub/s.txt", newest.data().get("sub/s.txt"))
			.containsEntry("sub/deep/d.bin", newest.data().get("sub/deep/d.bin"));
		assertThat(this.data.resolve("top.txt")).as("a file outside sub/ changed after the backup keeps its content")
			.hasContent("changed after the backup\n");
		Map<String, String> outsideSubAfter = new TreeMap<>(TreeState.of(this.data, List.of(this.data.resolve("sub"))));
		outsideSubAfter.remove("");
		assertThat(outsideSubAfter).as("everything outside sub/ untouched").isEqualTo(outsideSub);
		assertThat(rows(this.database)).isEqualTo(rowsBefore);
		assertThat(this.env).hasContent("VERSION=local\n");

		assertEveryArchiveKept(drive);
		String output = this.everything.toString();
		assertThat(output.lines()).as(output)
			.noneMatch((line) -> line.startsWith("\tat ") || line.startsWith("Exception") || line.startsWith("Caused by:"));
		assertThat(output).doesNotContain("Created the initial user");
		try (Stream<Path> files = Files.list(this.workingDirectory)) {
			List<String> names = files.map((p) -> p.getFileName().toString()).toList();
			System.out.println("working directory after the restores: " + names);
			assertThat(names).as("no data/ in the working directory").doesNotContain("data");
		}
		try (Stream<Path> files = Files.walk(this.home)) {
			System.out.println("home after the restores: " + files.map(this.home::relativize).toList());
		}
	}

	/** Sets the app to version {@code n} and writes a genuine archive of it, taken on day {@code n}. */
	private Version backUpVersion(int n) throws Exception {
		Files.createDirectories(this.data.resolve("sub/deep"));
		Files.writeString(this.data.resolve("sub/s.txt"), "sub, version " + n + "\n");
		byte[] bytes = new byte[1000 + n * 100];
		new Random(n).nextBytes(bytes);
		Files.write(this.data.resolve("sub/deep/d.bin"), bytes);
		Files.writeString(this.data.resolve("top.txt"), "top, version " + n + "\n");
		Files.writeString(this.data.resolve("keep.txt"), "the same in every version\n");
		String envText = "VERSION=" + n + "\n";
		Files.writeString(this.env, envText);
		long rows = 10 + n;
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.database);
				Statement statement = connection.createStatement()) {
			statement.execute("pragma journal_mode=wal");
			statement.execute("create table if not exists items (id integer primary key, name text not null)");
			statement.execute("delete from items");
			for (int i = 1; i <= rows; i++) {
				statement.execute("insert into items (id, name) values (" + i + ", 'item " + i + " of " + n + "')");
			}
		}
		Instant takenAt = Instant.parse("2025-03-01T03:00:00Z").plus(Duration.ofDays(n));
		String name = write(takenAt);
		return new Version(name, rows, contents(this.data), envText);
	}

	/** As the server's backup writes it: the sources into an archive with its sidecars. */
	private String write(Instant takenAt) throws Exception {
		List<Source> sources = List.of(source("db", SourceType.SQLITE, this.database),
				source("data", SourceType.DIRECTORY, this.data), source("env", SourceType.FILE, this.env));
		SourceHandlers handlers = new SourceHandlers("pg_dump", "pg_restore");
		Path workDir = Files.createDirectories(this.temp.resolve("backup-work"));
		ZoneId zone = ZoneId.systemDefault();
		try (ArchiveWriter writer = ArchiveWriter.createNext(this.usb, APP, LocalDateTime.ofInstant(takenAt, zone), 3, 1)) {
			List<Manifest.SourceInfo> infos = new ArrayList<>();
			Map<String, String> tools = new LinkedHashMap<>();
			for (Source source : sources) {
				SourceHandler handler = handlers.of(source);
				Manifest.SourceInfo info = handler.write(source, writer, workDir, (n) -> {
				});
				infos.add(info);
				tools.putAll(handler.tools(source, info));
			}
			Manifest manifest = new Manifest(Manifest.FORMAT, APP, "Notes", takenAt, zone.getId(), "old-pi", "test",
					List.of(), tools, infos, List.of());
			return writer.finish(manifest).path().getFileName().toString();
		}
	}

	private static Source source(String id, SourceType type, Path path) {
		return new Source(id, type, path, null, null, null, List.of(), List.of(), false);
	}

	/** Every archive on the drive, by name, with its SHA-256. */
	private Map<String, String> archivesOnTheDrive() throws IOException {
		Map<String, String> archives = new TreeMap<>();
		try (Stream<Path> files = Files.list(this.usb)) {
			for (Path file : files.filter((p) -> p.getFileName().toString().endsWith(ArchiveFiles.EXTENSION)).toList()) {
				archives.put(file.getFileName().toString(), TreeState.sha256(file));
			}
		}
		return archives;
	}

	private void assertEveryArchiveKept(Map<String, String> genuine) throws IOException {
		Map<String, String> now = archivesOnTheDrive();
		assertThat(now).as("every archive still on the drive, same bytes").containsAllEntriesOf(genuine);
		for (String added : now.keySet()) {
			if (!genuine.containsKey(added)) {
				Manifest manifest = ArchiveJson.read(ArchiveFiles.manifestOf(this.usb.resolve(added)));
				assertThat(manifest.tags()).as("an archive added by a restore: " + added).contains("pre-restore");
			}
		}
		System.out.println("archives on the drive: " + now.keySet());
	}

	/** Content of every file (SHA-256) and link (target) under a directory. */
	static Map<String, String> contents(Path root) throws IOException {
		Map<String, String> contents = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.toList()) {
				if (Files.isSymbolicLink(path)) {
					contents.put(root.relativize(path).toString(), "link -> " + Files.readSymbolicLink(path));
				}
				else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
					contents.put(root.relativize(path).toString(), TreeState.sha256(path));
				}
			}
		}
		return contents;
	}

	static long rows(Path database) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement();
				var rs = statement.executeQuery("select count(*) from items")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	static void exec(Path database, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void deleteTree(Path path) throws IOException {
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	/** Mamori's main class in a fresh JVM, as a person runs it on the spare machine. */
	private Run mamori(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Duser.home=" + this.home);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MamoriApplication.class.getName());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.workingDirectory.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.startsWith("MAMORI_") || name.startsWith("PG"));
		builder.environment().put("HOME", this.home.toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
		this.everything.append("$ mamori ").append(String.join(" ", args)).append('\n').append(output);
		System.out.println("$ mamori " + String.join(" ", args) + " -> exit " + process.exitValue() + "\n" + output);
		return new Run(process.exitValue(), output);
	}

	private record Run(int exit, String output) {
	}

	/**
	 * One backed-up state of the app.
	 * @param archive the archive's file name
	 * @param rows rows in {@code items}
	 * @param data content of the data directory
	 * @param env the env file's text
	 */
	private record Version(String archive, long rows, Map<String, String> data, String env) {

		void assertLive(BareMachineRestoreTests test) throws Exception {
			assertThat(test.appRoot).as("missing parents created").isDirectory();
			assertThat(BareMachineRestoreTests.rows(test.database)).isEqualTo(this.rows);
			assertThat(contents(test.data)).as("data byte-identical to " + this.archive).isEqualTo(this.data);
			assertThat(test.env).hasContent(this.env);
		}

	}

}
