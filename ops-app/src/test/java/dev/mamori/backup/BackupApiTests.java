package dev.mamori.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.mamori.MamoriApplication;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class BackupApiTests {

	@TempDir
	static Path temp;

	static AppFixture ecm;

	static AppFixture gfs;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	AppLeases leases;

	@Autowired
	BackupService backups;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		ecm = AppFixture.create(temp.resolve("ecm"), 500);
		ecm.register(registry, "ecm", "0 3 * * *");
		gfs = AppFixture.create(temp.resolve("gfs"), 10);
		gfs.register(registry, "gfs", null);
		registry.add("mamori.apps.gfs.backup.retention.keep-last", () -> "2");
		registry.add("mamori.apps.gfs.backup.retention.keep-daily", () -> "0");
		registry.add("mamori.apps.gfs.backup.retention.keep-weekly", () -> "0");
		registry.add("mamori.apps.gfs.backup.retention.keep-monthly", () -> "0");
		registry.add("mamori.apps.gfs.backup.retention.min-good", () -> "1");
		registry.add("mamori.apps.mks.sources[0].id", () -> "db");
		registry.add("mamori.apps.mks.sources[0].type", () -> "postgres");
		registry.add("mamori.apps.mks.sources[0].url", () -> "jdbc:postgresql://db.example:5432/mks_db?password=in-url-secret");
		registry.add("mamori.apps.mks.sources[0].username", () -> "mks_user");
		registry.add("mamori.apps.mks.sources[0].password", () -> "s3cret-pw");
		registry.add("mamori.apps.mks.backup.destination", () -> temp.resolve("mks-usb").toString());
	}

	@Test
	void viewerCannotStartABackupOperatorCanAndTheRunEndsWithAGoodSnapshot() {
		Http http = Http.on(this.port);
		Http.Response viewer = http.post("/api/apps/ecm/backups", RoleUsers.ensure(this.users, Role.VIEWER), null);
		assertThat(viewer.status()).isEqualTo(403);

		Http.Response started = http.post("/api/apps/ecm/backups", RoleUsers.ensure(this.users, Role.OPERATOR), null);
		assertThat(started.status()).isEqualTo(202);
		long id = started.json().get("id").asLong();
		assertThat(started.json().get("status").asString()).isEqualTo("RUNNING");
		assertThat(started.header("Location")).isEqualTo("/api/backup-runs/" + id);

		Auth reader = RoleUsers.ensure(this.users, Role.VIEWER);
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> !"RUNNING".equals(http.get("/api/backup-runs/" + id, reader).json().get("status").asString()));
		JsonNode run = http.get("/api/backup-runs/" + id, reader).json();
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("requestedBy").asString()).isEqualTo("operator");
		assertThat(run.get("bytesDone").asLong()).isPositive().isEqualTo(run.get("bytesExpected").asLong());
		long snapshotId = run.get("snapshotId").asLong();
		JsonNode snapshot = http.get("/api/snapshots/" + snapshotId, reader).json();
		assertThat(snapshot.get("status").asString()).isEqualTo("GOOD");
		assertThat(http.get("/api/apps/ecm/snapshots", reader).json().findValuesAsString("name"))
			.contains(snapshot.get("name").asString());

		assertThat(http.post("/api/snapshots/" + snapshotId + "/verify", reader, null).status()).isEqualTo(403);
		Http.Response verified = http.post("/api/snapshots/" + snapshotId + "/verify",
				RoleUsers.ensure(this.users, Role.OPERATOR), null);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().get("status").asString()).isEqualTo("GOOD");
	}

	@Test
	void onlyAdminRebuildsTheCatalog() {
		Http http = Http.on(this.port);
		assertThat(http.post("/api/apps/ecm/catalog/rebuild", Auth.NONE, null).status()).isEqualTo(401);
		assertThat(http.post("/api/apps/ecm/catalog/rebuild", RoleUsers.ensure(this.users, Role.VIEWER), null).status())
			.isEqualTo(403);
		assertThat(http.post("/api/apps/ecm/catalog/rebuild", RoleUsers.ensure(this.users, Role.OPERATOR), null).status())
			.isEqualTo(403);
		assertThat(http.post("/api/apps/ecm/catalog/rebuild", RoleUsers.ensure(this.users, Role.ADMIN), null).status())
			.isEqualTo(200);
	}

	@Test
	void aSecondBackupWhileOneRunsGets409WithTheRunningRunsId() {
		String owner = this.leases.acquire("ecm", "backup", Duration.ofMinutes(1)).orElseThrow();
		try {
			this.leases.attachRun("ecm", owner, 4242);
			Http.Response response = Http.on(this.port).post("/api/apps/ecm/backups",
					RoleUsers.ensure(this.users, Role.OPERATOR), null);
			assertThat(response.status()).isEqualTo(409);
			assertThat(response.json().get("runningRunId").asLong()).isEqualTo(4242);
			assertThat(response.json().get("detail").asString()).contains("already running");
		}
		finally {
			this.leases.release("ecm", owner);
		}
	}

	@Test
	void appsAreListedWithSecretsMaskedAndTheNextRun() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		Http.Response list = http.get("/api/apps", viewer);
		assertThat(list.json().findValuesAsString("id")).contains("ecm", "gfs", "mks");
		Http.Response mks = http.get("/api/apps/mks", viewer);
		assertThat(mks.status()).isEqualTo(200);
		assertThat(mks.body()).doesNotContain("s3cret-pw").doesNotContain("in-url-secret");
		assertThat(mks.json().get("sources").get(0).get("password").asString()).isEqualTo("******");
		JsonNode ecmApp = http.get("/api/apps/ecm", viewer).json();
		assertThat(ecmApp.get("app").get("schedule").asString()).isEqualTo("0 3 * * *");
		assertThat(ecmApp.get("app").get("nextRun").asString()).contains("T03:00");
		assertThat(http.get("/api/apps/nope", viewer).status()).isEqualTo(404);
	}

	@Test
	void retentionPreviewListsExactlyWhatPruneDeletes() throws Exception {
		// One real archive, then four older copies with their own manifests, as a USB drive
		// that has been collecting for a week would hold.
		BackupRunView run = this.backups.runAndWait("gfs", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		SnapshotView real = this.backups.snapshot(run.snapshotId());
		Manifest manifest = ArchiveJson.read(ArchiveFiles.manifestOf(real.archive()));
		for (int day = 1; day <= 4; day++) {
			Instant created = real.createdAt().minus(Duration.ofDays(day));
			String name = "gfs_2026010" + day + "_030000.tar.zst";
			Path copy = gfs.destination.resolve(name);
			Files.copy(real.archive(), copy);
			Files.writeString(ArchiveFiles.checksumOf(copy),
					Files.readString(ArchiveFiles.checksumOf(real.archive())).split(" ")[0] + "  " + name + "\n");
			Files.write(ArchiveFiles.manifestOf(copy), ArchiveJson.write(new Manifest(manifest.format(), manifest.app(),
					manifest.appName(), created, manifest.zone(), manifest.host(), manifest.mamoriVersion(),
					manifest.tags(), manifest.tools(), manifest.sources(), manifest.entries())));
		}
		Http http = Http.on(this.port);
		Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		assertThat(http.post("/api/apps/gfs/catalog/rebuild", admin, null).json().get("added").asInt()).isEqualTo(4);
		this.backups.snapshots("gfs").forEach((s) -> this.backups.verify(s.id(), Actor.SYSTEM));

		JsonNode preview = http.get("/api/apps/gfs/retention/preview", RoleUsers.ensure(this.users, Role.VIEWER)).json();
		assertThat(preview.size()).isEqualTo(5);
		Set<String> previewDeletes = new TreeSet<>();
		for (JsonNode decision : preview) {
			assertThat(decision.get("reason").asString()).isNotBlank();
			if (!decision.get("keep").asBoolean()) {
				previewDeletes.add(this.backups.snapshot(decision.get("snapshot").get("id").asLong()).name());
			}
		}
		assertThat(previewDeletes).hasSize(3);

		List<String> deleted = this.backups.prune("gfs");
		assertThat(new TreeSet<>(deleted)).isEqualTo(previewDeletes);
		for (String name : deleted) {
			assertThat(gfs.destination.resolve(name)).doesNotExist();
			assertThat(gfs.destination.resolve(name + ".manifest.json")).doesNotExist();
		}
		assertThat(this.backups.snapshots("gfs")).hasSize(2)
			.extracting(SnapshotView::name)
			.doesNotContainAnyElementsOf(deleted);
	}

	@Test
	void aFreshDatabaseListsEveryArchiveInTheDestinationAtStartup() {
		this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		this.backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		Set<String> onDisk;
		try (var files = Files.list(ecm.destination)) {
			onDisk = files.map((p) -> p.getFileName().toString())
				.filter((n) -> n.endsWith(".tar.zst"))
				.collect(Collectors.toCollection(TreeSet::new));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(onDisk).hasSizeGreaterThanOrEqualTo(2);
		// A spare machine: new empty database, same USB drive.
		SpringApplication spare = new SpringApplication(MamoriApplication.class);
		spare.setWebApplicationType(WebApplicationType.NONE);
		spare.setAdditionalProfiles("test");
		try (ConfigurableApplicationContext context = spare.run("--mamori.apps.ecm.sources[0].id=db",
				"--mamori.apps.ecm.sources[0].type=sqlite", "--mamori.apps.ecm.sources[0].path=" + ecm.database,
				"--mamori.apps.ecm.backup.destination=" + ecm.destination)) {
			BackupService fresh = context.getBean(BackupService.class);
			assertThat(fresh.snapshots("ecm")).extracting(SnapshotView::name).containsExactlyInAnyOrderElementsOf(onDisk);
			assertThat(fresh.snapshots("ecm")).allSatisfy((s) -> assertThat(s.status()).as("listed from the drive; verified in the background after the rebuild").isIn(SnapshotStatus.UNVERIFIED, SnapshotStatus.GOOD));
		}
	}

}
