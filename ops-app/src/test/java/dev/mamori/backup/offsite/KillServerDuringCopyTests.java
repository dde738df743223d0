package dev.mamori.backup.offsite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.mamori.support.Shell;
import dev.mamori.support.Http;
import dev.mamori.support.MamoriProcess;
import dev.mamori.support.SftpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Mamori server killed with SIGKILL while it uploads a copy to a real SFTP server (OpenSSH):
 * nothing partial is listed on the target, the local snapshot stays GOOD, and after the restart the
 * copy starts again by itself and ends GOOD, byte-identical to the local archive.
 */
class KillServerDuringCopyTests {

	@TempDir
	Path temp;

	@Test
	void aServerKilledMidUploadListsNothingPartialAndFinishesTheCopyAfterItsRestart() throws Exception {
		try (SftpServer sftp = SftpServer.start(this.temp.resolve("sshd"))) {
			Path uploads = Files.createDirectories(this.temp.resolve("app/uploads"));
			byte[] noise = new byte[8 * 1024 * 1024];
			new Random(7).nextBytes(noise);
			Files.write(uploads.resolve("video.bin"), noise);
			Files.writeString(uploads.resolve("note.txt"), "hello\n");
			Path usb = Files.createDirectories(this.temp.resolve("usb"));
			Path config = this.temp.resolve("mamori.yml");
			Files.writeString(config, """
					mamori:
					  data-dir: %s
					  admin-password: %s
					  targets:
					    nas:
					      type: sftp
					      host: 127.0.0.1
					      port: %d
					      user: %s
					      path: %s
					      host-key: "%s"
					      key-file: %s
					      max-rate: 512KB
					      retries: 3
					      retry-backoff: 1s
					      timeout: 5s
					  apps:
					    big:
					      sources:
					        - { id: uploads, type: directory, path: %s }
					      backup:
					        destination: %s
					        copies:
					          - { target: nas, retention: { keep-last: 7, keep-daily: 0, keep-weekly: 0, keep-monthly: 0, min-good: 1 } }
					""".formatted(this.temp.resolve("state"), MamoriProcess.ADMIN_PASSWORD, sftp.port(), sftp.user(),
					sftp.root(), sftp.fingerprint(), sftp.userKey(), uploads, usb), StandardCharsets.UTF_8);
			Path remote = sftp.root().resolve("big");

			try (MamoriProcess first = MamoriProcess.start(this.temp, config, null)) {
				first.awaitReady(Duration.ofSeconds(300));
				Http.Response started = first.http().post("/api/apps/big/backups", first.admin(), null);
				assertThat(started.status()).as(started.body()).isEqualTo(202);
				// At 512 KB/s the 8 MB archive takes about 16 s to go up: kill once a good part of it is there.
				Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
					.until(() -> files(remote).stream().anyMatch((f) -> f.toString().endsWith(".partial") && size(f) > 1_000_000));
				assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(137);
			}

			assertThat(files(remote)).as("nothing but the partial upload on the target").allMatch(
					(f) -> f.toString().endsWith(".partial"));
			List<Path> archives = archives(usb);
			assertThat(archives).as("the local archive was finished before the copy began").hasSize(1);
			Path archive = archives.get(0);
			assertThat(usb.resolve(archive.getFileName() + ".manifest.json")).exists();

			try (MamoriProcess second = MamoriProcess.start(this.temp, config, null)) {
				second.awaitReady(Duration.ofSeconds(300));
				Path copied = remote.resolve(archive.getFileName().toString());
				Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
					.until(() -> Files.exists(remote.resolve(archive.getFileName() + ".manifest.json")));
				assertThat(sha256sum(copied)).as("the copy is the local archive").isEqualTo(sha256sum(archive));
				assertThat(files(remote)).as("no partial upload left behind")
					.noneMatch((f) -> f.toString().endsWith(".partial"));
				// The catalog row turns GOOD after the manifest went up: wait for it before the server stops.
				Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
					.until(() -> lastGoodCopy(second) > 0);
				Http.Response snapshots = second.http().get("/api/apps/big/snapshots", second.admin());
				assertThat(snapshots.body()).as("the local snapshot stayed GOOD").contains("\"GOOD\"");
			}

			try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + this.temp.resolve("state/mamori")
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
					Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("select state, size_bytes, verified_at from snapshot_copy")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("GOOD");
				assertThat(rs.getLong(2)).isEqualTo(Files.size(archive));
				assertThat(rs.getTimestamp(3)).isNotNull();
				assertThat(rs.next()).as("one copy row, not one per attempt").isFalse();
			}
		}
	}

	private static List<Path> files(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> list = Files.list(dir)) {
			return list.toList();
		}
	}

	private static List<Path> archives(Path dir) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			return list.filter((f) -> f.getFileName().toString().endsWith(".tar.zst")).toList();
		}
	}

	private static double lastGoodCopy(MamoriProcess server) {
		Http.Response metrics = server.http().get("/actuator/prometheus", server.admin());
		assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
		double newest = 0;
		for (String line : metrics.body().lines().toList()) {
			if (line.startsWith("mamori_copy_last_good_seconds{")) {
				String[] fields = line.split(" ");
				newest = Math.max(newest, Double.parseDouble(fields[fields.length - 1]));
			}
		}
		return newest;
	}

	private static String sha256sum(Path file) throws IOException {
		return Shell.run(file.getParent(), "sha256sum", file.toString()).output().split(" ")[0];
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
