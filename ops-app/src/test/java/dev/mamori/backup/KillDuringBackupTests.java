package dev.mamori.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.mamori.MamoriApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Mamori process killed with SIGKILL in the middle of writing an archive: nothing partial
 * is ever listed, the run ends FAILED "interrupted" at the next start, and the next backup works.
 */
class KillDuringBackupTests {

	@TempDir
	Path temp;

	@Test
	void killMinus9LeavesNoListedSnapshotAndTheNextBackupSucceeds() throws Exception {
		Path data = Files.createDirectories(this.temp.resolve("app/data"));
		Random random = new Random(1);
		byte[] chunk = new byte[4 << 20];
		for (int i = 0; i < 24; i++) {
			random.nextBytes(chunk);
			Files.write(data.resolve("blob-" + i + ".bin"), chunk);
		}
		Path usb = Files.createDirectories(this.temp.resolve("usb"));
		Path config = this.temp.resolve("mamori.yml");
		Files.writeString(config, """
				mamori:
				  data-dir: %s
				  admin-password: admin-password-1
				  backup:
				    compression-level: 19
				    lock-lease: 60s
				  apps:
				    big:
				      sources:
				        - { id: data, type: directory, path: %s }
				      backup:
				        destination: %s
				""".formatted(this.temp.resolve("state"), data, usb), StandardCharsets.UTF_8);

		Cli first = cli("backup", "--app", "big", "--config", config.toString());
		// As early as possible: the run row was committed moments ago and must survive the kill.
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> !partials(usb).isEmpty());
		first.process().destroyForcibly();
		assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
		assertThat(partials(usb)).as("the killed process left its partial archive").isNotEmpty();

		Cli list = cli("snapshots", "--dir", usb.toString());
		assertThat(output(list)).contains("No Mamori archives");
		assertThat(list.exitValue()).isZero();

		Cli second = cli("backup", "--app", "big", "--config", config.toString());
		String secondOutput = output(second);
		assertThat(second.exitValue()).as(secondOutput).isZero();
		assertThat(secondOutput).contains("OK: big_");
		assertThat(partials(usb)).as("stale partial archives are removed").isEmpty();

		try (Connection connection = DriverManager.getConnection(
				"jdbc:h2:file:" + this.temp.resolve("state/mamori") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select status, error, snapshot_id from backup_run order by id")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo("FAILED");
			assertThat(rs.getString(2)).contains("interrupted");
			assertThat(rs.getObject(3)).isNull();
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo("SUCCEEDED");
			assertThat(rs.next()).isFalse();
		}
		Cli listAgain = cli("snapshots", "--dir", usb.toString());
		assertThat(output(listAgain).lines().filter((l) -> l.startsWith("big_")).count()).isEqualTo(1);
	}

	private Cli cli(String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", System.getProperty("java.class.path"), MamoriApplication.class.getName()));
		command.addAll(List.of(args));
		Path log = this.temp.resolve("cli-" + System.nanoTime() + ".log");
		Process process = new ProcessBuilder(command).directory(this.temp.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new Cli(process, log);
	}

	private static String output(Cli cli) throws Exception {
		assertThat(cli.process().waitFor(120, TimeUnit.SECONDS)).as("command finished").isTrue();
		return Files.readString(cli.log());
	}

	private static List<Path> partials(Path dir) throws IOException {
		try (var files = Files.list(dir)) {
			return files.filter((p) -> p.toString().endsWith(".partial")).toList();
		}
	}

	private record Cli(Process process, Path log) {

		int exitValue() {
			return this.process.exitValue();
		}

	}

}
