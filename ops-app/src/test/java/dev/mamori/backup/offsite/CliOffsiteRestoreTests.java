package dev.mamori.backup.offsite;

import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.cli.MamoriCli;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Checksums;
import dev.mamori.support.SftpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disaster recovery on a bare machine from a real OpenSSH server: the drive is gone, only the off-site
 * copy is left; {@code mamori restore --from nas --latest} with a configuration file that declares the
 * target downloads it into an empty directory, checks it and restores it.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliOffsiteRestoreTests {

	@TempDir
	Path temp;

	@Test
	void aBareMachineRestoresTheLatestArchiveFromSftp(CapturedOutput output) throws Exception {
		AppFixture app = AppFixture.create(this.temp.resolve("pi"), 120);
		Path oldConfig = app.cliConfig(this.temp.resolve("old.yml"), "ecm", this.temp.resolve("old-state"));
		assertThat(MamoriCli.run("backup", "--app", "ecm", "--config", oldConfig.toString())).isZero();
		Path archive;
		try (var files = Files.list(app.destination)) {
			archive = files.filter((p) -> p.toString().endsWith(ArchiveFiles.EXTENSION)).findFirst().orElseThrow();
		}
		Map<String, String> uploads = Checksums.tree(app.uploads.resolve("photos"));
		String env = Files.readString(app.env);
		try (SftpServer sftp = SftpServer.start(this.temp.resolve("sshd"))) {
			TargetsProperties.Target target = new TargetsProperties.Target(TargetsProperties.TargetType.SFTP,
					"127.0.0.1", sftp.port(), sftp.user(), sftp.root().toString(), sftp.fingerprint(), sftp.userKey(),
					null, null, (URI) null, null, "", "us-east-1", false, null, null, DataSize.ofGigabytes(1), null, null,
					0, Duration.ofSeconds(1), Duration.ofSeconds(10));
			// What the old machine's copy had put there.
			try (RemoteStore store = Targets.open("nas", target, (name) -> null)) {
				Copier.upload(store, "ecm", archive, Files.size(archive), ArchiveFiles.readChecksum(archive),
						Throttle.NONE, Long.MAX_VALUE);
			}

			// The machine and its drive are gone; the data is damaged.
			deleteTree(app.destination);
			try (RandomAccessFile db = new RandomAccessFile(app.database.toFile(), "rw")) {
				db.setLength(0);
			}
			Files.delete(app.uploads.resolve("photos/p3.jpg"));
			Files.writeString(app.env, "BROKEN=1\n");

			Path bare = Files.createDirectories(this.temp.resolve("bare"));
			Path config = Files.writeString(this.temp.resolve("new.yml"), """
					mamori:
					  data-dir: %s
					  targets:
					    nas:
					      type: sftp
					      host: 127.0.0.1
					      port: %d
					      user: %s
					      path: %s
					      host-key: "%s"
					      key-file: %s
					  apps:
					    ecm:
					      sources:
					        - { id: db, type: sqlite, path: %s }
					        - { id: uploads, type: directory, path: %s }
					        - { id: env, type: file, path: %s }
					      backup:
					        destination: %s
					""".formatted(this.temp.resolve("new-state"), sftp.port(), sftp.user(), sftp.root(), sftp.fingerprint(),
					sftp.userKey(), app.database, app.uploads, app.env, bare));

			assertThat(MamoriCli.run("restore", "--dir", bare.toString(), "--app", "ecm", "--latest", "--from", "nas",
					"--config", config.toString(), "--yes")).as(output.getErr()).isZero();
		}
		assertThat(output.getOut()).contains("Downloaded " + archive.getFileName() + " to " + this.temp.resolve("bare")
				+ " (SHA-256 verified)");
		assertThat(Files.readString(app.env)).isEqualTo(env);
		assertThat(Checksums.tree(app.uploads.resolve("photos"))).isEqualTo(uploads);
		assertThat(app.rows()).isEqualTo(120);
	}

	@Test
	void anUndeclaredTargetIsRefusedNamingTheDeclaredOnes(CapturedOutput output) throws Exception {
		AppFixture app = AppFixture.create(this.temp.resolve("pi"), 5);
		Path config = app.cliConfig(this.temp.resolve("mamori.yml"), "ecm", this.temp.resolve("state"));
		assertThat(MamoriCli.run("restore", "--dir", app.destination.toString(), "--app", "ecm", "--latest", "--from",
				"nowhere", "--config", config.toString(), "--yes")).isNotZero();
		assertThat(output.getErr()).contains("no target 'nowhere' under mamori.targets");
	}

	private static void deleteTree(Path root) throws Exception {
		try (var walk = Files.walk(root)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

}
