package dev.mamori.backup.offsite;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.age.AgeIdentity;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveVerifier;
import dev.mamori.cli.MamoriCli;
import dev.mamori.core.Actor;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Checksums;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.S3Server;
import dev.mamori.support.SftpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encryption at rest with keys made by the Debian {@code age-keygen}: a backup with encryption on leaves
 * an age file on the drive, on a real OpenSSH server and on a real S3 API server; each opens by hand with
 * {@code age -d -i key | tar --zstd -x} into byte-identical files; no byte of any of them (archives,
 * sidecars, whatever S3Proxy stores) shows a source file name, a row count or the {@code .env}; a wrong
 * identity is refused by {@code age} and by Mamori; with the identity Mamori verifies, drills and
 * restores (through the API from S3 with the local archive gone, and from the CLI on a bare directory
 * from SFTP); an app with recipients only backs up and verifies, and its restore names the missing
 * identity.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class EncryptedBackupTests {

	static final String ACCESS_ENV = "MAMORI_TEST_AGE_S3_ACCESS";

	static final String SECRET_ENV = "MAMORI_TEST_AGE_S3_SECRET";

	/** What the {@code .env} holds; never to be seen in a raw byte off the app's own disk. */
	static final String ENV = "DATABASE=master.db\nSMTP_PASSWORD=Kq7-very-secret-value\n";

	@TempDir
	static Path temp;

	static SftpServer sftp;

	static S3Server s3;

	static AppFixture vault;

	static AppFixture locked;

	static Path key;

	static Path otherKey;

	@LocalServerPort
	int port;

	@Autowired
	CopyService copies;

	@Autowired
	DrillService drills;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) throws Exception {
		key = keygen(temp.resolve("key.txt"));
		otherKey = keygen(temp.resolve("other-key.txt"));
		String recipient = run("age-keygen", "-y", key.toString()).strip();
		sftp = SftpServer.start(temp.resolve("sshd"));
		s3 = S3Server.start(temp.resolve("s3"));
		registry.add("mamori.targets.nas.type", () -> "sftp");
		registry.add("mamori.targets.nas.host", () -> "127.0.0.1");
		registry.add("mamori.targets.nas.port", sftp::port);
		registry.add("mamori.targets.nas.user", sftp::user);
		registry.add("mamori.targets.nas.path", () -> sftp.root().toString());
		String fingerprint = sftp.fingerprint();
		registry.add("mamori.targets.nas.host-key", () -> fingerprint);
		registry.add("mamori.targets.nas.key-file", () -> sftp.userKey().toString());
		s3.registerTarget(registry, "cloud", ACCESS_ENV, SECRET_ENV);

		vault = AppFixture.create(temp.resolve("vault"), 321);
		Files.writeString(vault.env, ENV);
		vault.register(registry, "vault", null);
		registry.add("mamori.apps.vault.backup.copies[0].target", () -> "nas");
		registry.add("mamori.apps.vault.backup.copies[1].target", () -> "cloud");
		registry.add("mamori.apps.vault.backup.encryption.recipients[0]", () -> recipient);
		registry.add("mamori.apps.vault.backup.encryption.identity-file", key::toString);

		locked = AppFixture.create(temp.resolve("locked"), 10);
		Files.writeString(locked.env, ENV);
		locked.register(registry, "locked", null);
		registry.add("mamori.apps.locked.backup.encryption.recipients[0]", () -> recipient);
	}

	@AfterAll
	static void stop() throws Exception {
		if (sftp != null) {
			sftp.close();
		}
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void everyLocationHoldsAnAgeFileThatOpensByHandAndRevealsNothing(CapturedOutput output) throws Exception {
		Auth admin = Auth.basic("admin", "admin-password-1");
		Http api = Http.on(this.port);
		JsonNode snapshot = backup(api, admin, "vault");
		assertThat(snapshot.get("status").asString()).as(snapshot.toString()).isEqualTo("GOOD");
		String name = snapshot.get("name").asString();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> this.copies.copies("vault").stream()
			.filter((c) -> c.snapshotName().equals(name) && c.state() == CopyState.GOOD).count() == 2);

		Path local = vault.destination.resolve(name);
		Path onSftp = sftp.root().resolve("vault").resolve(name);
		Path onS3 = s3.bucketDirectory().resolve("mamori/vault").resolve(name);
		Path photos = vault.uploads.resolve("photos");
		for (Path archive : List.of(local, onSftp, onS3)) {
			assertThat(new String(Files.readAllBytes(archive), 0, 22, StandardCharsets.US_ASCII))
				.as(archive + " is an age file").isEqualTo("age-encryption.org/v1\n");
			// By hand, exactly as docs/archive-format.md says.
			Path out = Files.createDirectories(temp.resolve("by-hand-" + archive.getParent().getFileName() + "-"
					+ Math.abs(archive.hashCode())));
			String result = run("bash", "-o", "pipefail", "-c", "age -d -i \"$1\" \"$2\" | tar --zstd -xf - -C \"$3\"", "_",
					key.toString(), archive.toString(), out.toString());
			assertThat(Files.readString(out.resolve("config/env/.env"))).as(result).isEqualTo(ENV);
			assertThat(Checksums.tree(out.resolve("files/uploads/photos"))).isEqualTo(Checksums.tree(photos));
			assertThat(Files.readAllBytes(out.resolve("files/uploads/readme.txt")))
				.isEqualTo(Files.readAllBytes(vault.uploads.resolve("readme.txt")));
			assertThat(rows(out.resolve("db/db.sqlite"))).isEqualTo(321);
			// A wrong identity: age refuses it.
			ProcessResult wrong = exec("age", "-d", "-i", otherKey.toString(), archive.toString());
			assertThat(wrong.exit()).isNotZero();
			assertThat(wrong.text()).contains("no identity matched any of the recipients").doesNotContain("SMTP_PASSWORD");
		}

		// No byte of anything that holds the backup shows a file name, a row count or the .env.
		List<Path> raw = new ArrayList<>(List.of(local, ArchiveFiles.manifestOf(local), ArchiveFiles.checksumOf(local)));
		raw.addAll(files(sftp.root().resolve("vault")));
		raw.addAll(files(s3.bucketDirectory()));
		assertThat(raw).hasSizeGreaterThanOrEqualTo(9);
		for (Path file : raw) {
			String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
			for (String secret : List.of("SMTP_PASSWORD", "Kq7-very-secret-value", "DATABASE=", "master.db", "p0.jpg",
					"readme.txt", "photos", ".env", "\"items\"", "rowCounts")) {
				assertThat(bytes).as(file + " must not show " + secret).doesNotContain(secret);
			}
		}
		// The sealed manifest opens by hand too, as docs/archive-format.md says.
		String sealed = run("bash", "-o", "pipefail", "-c", "jq -r .sealed \"$1\" | base64 -d | age -d -i \"$2\"", "_",
				ArchiveFiles.manifestOf(onS3).toString(), key.toString());
		assertThat(sealed).contains("files/uploads/photos/p0.jpg", "config/env/.env", "\"items\" : 321");
		// What listing needs is there in clear: the app and the time.
		assertThat(Files.readString(ArchiveFiles.manifestOf(onSftp))).contains("\"app\" : \"vault\"", "\"sealed\"",
				"\"encryption\" : \"age\"");

		// Mamori with the wrong identity: a clear error naming the identity file tried.
		ArchiveVerifier.Verification wrong = ArchiveVerifier.verify(local, AgeKeys.of(AgeIdentity.read(otherKey)), (n) -> {
		});
		assertThat(wrong.intact()).isFalse();
		assertThat(String.join("; ", wrong.problems())).contains("was not encrypted to the identity in " + otherKey);
		Path bareWrong = Files.createDirectories(temp.resolve("bare-wrong"));
		Files.copy(local, bareWrong.resolve(name));
		Files.copy(ArchiveFiles.manifestOf(local), ArchiveFiles.manifestOf(bareWrong.resolve(name)));
		Files.copy(ArchiveFiles.checksumOf(local), ArchiveFiles.checksumOf(bareWrong.resolve(name)));
		assertThat(MamoriCli.run("restore", "--dir", bareWrong.toString(), "--app", "vault", "--latest", "--to-original",
				"--identity", otherKey.toString(), "--yes")).isNotZero();
		assertThat(output.getErr()).contains("was not encrypted to the identity in " + otherKey);
		assertThat(Files.readString(vault.env)).as("nothing touched").isEqualTo(ENV);

		// Mamori with the identity: verify and a drill pass.
		long snapshotId = snapshot.get("id").asLong();
		Http.Response verified = api.post("/api/snapshots/" + snapshotId + "/verify", admin, null);
		assertThat(verified.status()).as(verified.body()).isEqualTo(200);
		assertThat(verified.json().get("status").asString()).as(verified.body()).isEqualTo("GOOD");
		assertThat(verified.json().get("verifyMessage").isNull()).as(verified.body()).isTrue();
		DrillRunView drill = this.drills.start("vault", snapshotId, Actor.SYSTEM);
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> !DrillRunView.RUNNING.equals(this.drills.run(drill.id()).status()));
		assertThat(this.drills.run(drill.id()).status()).as(String.valueOf(this.drills.run(drill.id()).error()))
			.isEqualTo(DrillRunView.PASSED);

		// Restore through the API, with the archive gone from the drive: fetched from S3, decrypted.
		Files.writeString(vault.env, "BROKEN=1\n");
		Files.delete(photos.resolve("p3.jpg"));
		Files.delete(local);
		Files.delete(ArchiveFiles.manifestOf(local));
		Files.delete(ArchiveFiles.checksumOf(local));
		Http.Response restore = api.post("/api/apps/vault/restores", admin,
				"{\"snapshot\":" + snapshotId + ",\"sources\":[\"uploads\",\"env\"],\"confirm\":\"vault\"}");
		assertThat(restore.status()).as(restore.body()).isEqualTo(202);
		long restoreId = restore.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> !"RUNNING".equals(
				api.get("/api/restores/" + restoreId, admin).json().get("status").asString()));
		JsonNode done = api.get("/api/restores/" + restoreId, admin).json();
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(Files.readString(vault.env)).isEqualTo(ENV);
		assertThat(photos.resolve("p3.jpg")).exists();
		// The replaced data went to the drive as a pre-restore archive, encrypted as well.
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/restores/" + restoreId, admin).json()
			.get("preRestoreArchive").asString(null) != null);
		Path preRestore = vault.destination.resolve(api.get("/api/restores/" + restoreId, admin).json()
			.get("preRestoreArchive").asString());
		assertThat(new String(Files.readAllBytes(preRestore), 0, 22, StandardCharsets.US_ASCII))
			.isEqualTo("age-encryption.org/v1\n");
		assertThat(Files.readString(ArchiveFiles.manifestOf(preRestore))).doesNotContain("BROKEN", ".env", "photos");

		// The CLI on a bare directory, from the SFTP copy, with --identity.
		Files.writeString(vault.env, "BROKEN=2\n");
		Path bare = Files.createDirectories(temp.resolve("bare"));
		Path config = Files.writeString(temp.resolve("dr.yml"), """
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
				    vault:
				      sources:
				        - { id: db, type: sqlite, path: %s }
				        - { id: uploads, type: directory, path: %s }
				        - { id: env, type: file, path: %s }
				      backup:
				        destination: %s
				""".formatted(temp.resolve("dr-state"), sftp.port(), sftp.user(), sftp.root(), sftp.fingerprint(),
				sftp.userKey(), vault.database, vault.uploads, vault.env, bare));
		assertThat(MamoriCli.run("restore", "--dir", bare.toString(), "--app", "vault", "--snapshot", name, "--from", "nas",
				"--config", config.toString(), "--identity", key.toString(), "--only", "env", "--yes"))
			.as(output.getErr()).isZero();
		assertThat(Files.readString(vault.env)).isEqualTo(ENV);
	}

	@Test
	void withRecipientsOnlyBackupsAreVerifiedAndARestoreNamesTheMissingIdentity() throws Exception {
		Auth admin = Auth.basic("admin", "admin-password-1");
		Http api = Http.on(this.port);
		JsonNode snapshot = backup(api, admin, "locked");
		// Verified right after writing with the keys it was written with: no identity needed to back up.
		assertThat(snapshot.get("status").asString()).as(snapshot.toString()).isEqualTo("GOOD");
		Path archive = locked.destination.resolve(snapshot.get("name").asString());
		assertThat(new String(Files.readAllBytes(archive), 0, 22, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1\n");

		Files.writeString(locked.env, "CHANGED=1\n");
		Http.Response restore = api.post("/api/apps/locked/restores", admin,
				"{\"snapshot\":" + snapshot.get("id").asLong() + ",\"confirm\":\"locked\"}");
		assertThat(restore.status()).as(restore.body()).isEqualTo(400);
		assertThat(restore.header("Content-Type")).contains("application/problem+json");
		assertThat(restore.body()).contains("encrypted with age and no identity was given")
			.contains("mamori.apps.locked.backup.encryption.identity-file");
		assertThat(Files.readString(locked.env)).as("nothing touched").isEqualTo("CHANGED=1\n");

		// A later verification cannot open it: not called corrupt, the message names the missing identity.
		long snapshotId = snapshot.get("id").asLong();
		JsonNode after = api.post("/api/snapshots/" + snapshotId + "/verify", admin, null).json();
		assertThat(after.get("status").asString()).isEqualTo("GOOD");
		assertThat(after.get("verifyMessage").asString()).contains("not verified")
			.contains("mamori.apps.locked.backup.encryption.identity-file");
	}

	private static JsonNode backup(Http api, Auth admin, String app) throws Exception {
		long run = api.post("/api/apps/" + app + "/backups", admin, null).json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(
				() -> !"RUNNING".equals(api.get("/api/backup-runs/" + run, admin).json().get("status").asString()));
		JsonNode done = api.get("/api/backup-runs/" + run, admin).json();
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		return api.get("/api/snapshots/" + done.get("snapshotId").asLong(), admin).json();
	}

	private static long rows(Path sqlite) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from items")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static List<Path> files(Path root) throws Exception {
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter(Files::isRegularFile).toList();
		}
	}

	private static Path keygen(Path file) throws Exception {
		run("age-keygen", "-o", file.toString());
		return file;
	}

	record ProcessResult(int exit, String text) {
	}

	private static ProcessResult exec(String... argv) throws Exception {
		Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		process.getInputStream().transferTo(out);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new ProcessResult(process.exitValue(), out.toString(StandardCharsets.ISO_8859_1));
	}

	private static String run(String... argv) throws Exception {
		ProcessResult result = exec(argv);
		assertThat(result.exit()).as(String.join(" ", argv) + ": " + result.text()).isZero();
		return result.text();
	}

}
