package dev.mamori.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mamori.MamoriApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that only read a drive ({@code snapshots --dir}, {@code verify ARCHIVE},
 * {@code restore ... --dry-run} from a directory) start no web server, no database pool, no
 * Flyway and no JPA: each runs in a fresh JVM with Mamori's main class and the JVM's own log of
 * every class it loaded is read. The {@code backup} command, which does need the database, is the
 * control: the same log shows those classes when they are used.
 */
class CliFastPathTests {

	/**
	 * Prefixes of the classes of the web server, the pool, the migrations, JPA (Hibernate ORM; its
	 * validator, which checks a --config file, is not a database) and the database.
	 */
	static final List<String> SERVER_CLASSES = List.of("org.apache.catalina.", "org.apache.tomcat.",
			"org.springframework.boot.tomcat.", "com.zaxxer.hikari.", "org.flywaydb.", "org.hibernate.engine.",
			"org.hibernate.internal.", "org.hibernate.boot.", "org.hibernate.Session", "jakarta.persistence.",
			"org.h2.", "org.springframework.boot.SpringApplication ",
			"org.springframework.context.support.AbstractApplicationContext ");

	@TempDir
	Path temp;

	@Test
	void readOnlyCommandsLoadNoWebServerDatabaseFlywayOrJpaClasses() throws Exception {
		Path app = Files.createDirectories(this.temp.resolve("app"));
		Files.writeString(app.resolve("notes.txt"), "kept\n");
		Path usb = Files.createDirectories(this.temp.resolve("usb"));
		Path config = Files.writeString(this.temp.resolve("mamori.yml"), """
				mamori:
				  data-dir: %s
				  apps:
				    demo:
				      sources:
				        - { id: files, type: directory, path: %s }
				      backup:
				        destination: %s
				""".formatted(this.temp.resolve("state"), app, usb));

		// The control: backup needs Mamori's database, so the pool, Flyway and JPA are loaded.
		Run backup = mamori("backup", "--app", "demo", "--config", config.toString());
		assertThat(backup.exit()).as(backup.output()).isZero();
		assertThat(backup.classes()).as("the class log sees the database stack when it is used")
			.contains("com.zaxxer.hikari.HikariDataSource ")
			.contains("org.flywaydb.core.Flyway ")
			.contains("org.hibernate.internal.SessionFactoryImpl ")
			.contains("org.h2.Driver ");
		Path archive;
		try (var files = Files.list(usb)) {
			archive = files.filter((p) -> p.getFileName().toString().endsWith(".tar.zst")).findFirst().orElseThrow();
		}

		Run snapshots = mamori("snapshots", "--dir", usb.toString());
		assertThat(snapshots.exit()).as(snapshots.output()).isZero();
		assertThat(snapshots.output()).contains(archive.getFileName().toString());
		assertLoadsNoServerClasses(snapshots, "dev.mamori.backup.archive.DestinationScanner ");

		Run verify = mamori("verify", archive.toString());
		assertThat(verify.exit()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("GOOD: " + archive.getFileName());
		assertLoadsNoServerClasses(verify, "dev.mamori.backup.archive.ArchiveVerifier ");

		Path target = this.temp.resolve("restored");
		Run plan = mamori("restore", "--dir", usb.toString(), "--app", "demo", "--latest", "--target",
				target.toString(), "--dry-run");
		assertThat(plan.exit()).as(plan.output()).isZero();
		assertThat(plan.output()).contains("Dry run: nothing was changed.");
		assertThat(target).doesNotExist();
		assertLoadsNoServerClasses(plan, "dev.mamori.cli.RestoreCommand ");
	}

	private static void assertLoadsNoServerClasses(Run run, String expected) {
		assertThat(run.classes()).as("the class log is real").contains(expected);
		for (String prefix : SERVER_CLASSES) {
			assertThat(run.classes().lines().filter((line) -> line.contains("] " + prefix)).findFirst())
				.as("%s loads no %s class (the first one shown)", run.command(), prefix)
				.isEmpty();
		}
	}

	private Run mamori(String... args) throws IOException, InterruptedException {
		Path home = Files.createDirectories(this.temp.resolve("home"));
		Path classLog = Files.createTempFile(this.temp, "classes", ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Xlog:class+load=info:file=" + classLog);
		command.add("-Duser.home=" + home);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MamoriApplication.class.getName());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.temp.toFile()).redirectErrorStream(true);
		builder.environment().put("HOME", home.toString());
		builder.environment().put("MAMORI_DATA_DIR", this.temp.resolve("state").toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the command finished").isTrue();
		return new Run(String.join(" ", args), process.exitValue(), output, Files.readString(classLog));
	}

	private record Run(String command, int exit, String output, String classes) {
	}

}
