package dev.mamori.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.MamoriApplication;
import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
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
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spare machine: a fresh Mamori (new state directory, empty database) next to the USB drive an
 * earlier Mamori filled with real backups. The catalog is rebuilt at startup; the latest archive is
 * restorable at once through the API (not refused as unverified) and the restore succeeds, while
 * every listed archive is verified in the background and becomes GOOD, audited as a verify is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class CatalogRebuildRestoreTests {

	@TempDir
	static Path temp;

	static AppFixture ecm;

	/** The archives the earlier Mamori wrote, oldest first. */
	static final List<String> archives = new ArrayList<>();

	@LocalServerPort
	int port;

	@Autowired
	BackupService backups;

	@Autowired
	AuditLog audit;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) throws Exception {
		ecm = AppFixture.create(temp.resolve("ecm"), 250);
		earlierMamoriBacksUpTwice();
		ecm.register(registry, "ecm", null);
		registry.add("mamori.data-dir", () -> temp.resolve("fresh-state").toString());
	}

	/** Another Mamori, with its own state directory and database, writes two backups and is gone. */
	private static void earlierMamoriBacksUpTwice() throws Exception {
		SpringApplication earlier = new SpringApplication(MamoriApplication.class);
		earlier.setWebApplicationType(WebApplicationType.NONE);
		earlier.setAdditionalProfiles("test");
		String app = "--mamori.apps.ecm.";
		try (ConfigurableApplicationContext context = earlier.run("--mamori.data-dir=" + temp.resolve("old-state"),
				"--mamori.scheduling.enabled=false", app + "sources[0].id=db", app + "sources[0].type=sqlite",
				app + "sources[0].path=" + ecm.database, app + "sources[1].id=uploads",
				app + "sources[1].type=directory", app + "sources[1].path=" + ecm.uploads, app + "sources[2].id=env",
				app + "sources[2].type=file", app + "sources[2].path=" + ecm.env,
				app + "backup.destination=" + ecm.destination, app + "backup.destination-marker=" + AppFixture.MARKER)) {
			BackupService earlierBackups = context.getBean(BackupService.class);
			archives.add(backUp(earlierBackups));
			exec("insert into items (name, amount) select name, amount from items limit 10");
			archives.add(backUp(earlierBackups));
		}
	}

	private static String backUp(BackupService backups) {
		BackupRunView run = backups.runAndWait("ecm", "MANUAL", null, Actor.SYSTEM).orElseThrow();
		assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
		return backups.snapshot(run.snapshotId()).name();
	}

	@Test
	void theLatestArchiveIsRestoredAtOnceAfterTheStartupRebuildAndEveryArchiveBecomesGoodInTheBackground()
			throws Exception {
		List<SnapshotView> listed = this.backups.snapshots("ecm");
		assertThat(listed).extracting(SnapshotView::name).containsAll(archives);
		SnapshotView latest = listed.stream().filter((s) -> s.name().equals(archives.get(1))).findFirst().orElseThrow();
		assertThat(latest.runId()).as("listed from the drive, not written by this Mamori").isNull();
		assertThat(this.backups.restorable(unverified(latest))).as("restorable before any verification").isTrue();
		// The wizard offers it, preselected.
		UiSession admin = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), password(), "en");
		assertThat(admin.get("/apps/ecm/restore", "en").body())
			.containsPattern("id=\"snapshot-" + latest.id() + "\"[^>]*checked");

		exec("delete from items");
		Http api = Http.on(this.port);
		Http.Auth auth = RoleUsers.ensure(this.users, Role.ADMIN);
		Http.Response accepted = api.post("/api/apps/ecm/restores", auth,
				"{\"snapshot\":" + latest.id() + ",\"confirm\":\"ecm\"}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		long restore = accepted.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(60))
			.until(() -> !"RUNNING".equals(api.get("/api/restores/" + restore, auth).json().get("status").asString()));
		JsonNode run = api.get("/api/restores/" + restore, auth).json();
		assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
		assertThat(ecm.rows()).as("the rows of the latest archive").isEqualTo(260);

		Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(this.backups.snapshots("ecm"))
			.filteredOn((s) -> archives.contains(s.name()))
			.hasSize(2)
			.allSatisfy((s) -> assertThat(s.status()).isEqualTo(SnapshotStatus.GOOD)));
		// The snapshot row is marked GOOD, then the verification is audited.
		Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<AuditRecord> verified = this.audit
				.search(new AuditLog.AuditQuery(null, "SNAPSHOT_VERIFIED", null, null), PageRequest.of(0, 50))
				.getContent();
			assertThat(verified).filteredOn((e) -> e.actorType() == Actor.Type.SYSTEM)
				.extracting(AuditRecord::details)
				.anySatisfy((d) -> assertThat(d).contains(archives.get(0)).contains("GOOD"))
				.anySatisfy((d) -> assertThat(d).contains(archives.get(1)).contains("GOOD"));
		});
	}

	@Test
	void anArchiveWithoutItsChecksumFileIsListedButNeitherOfferedNorQueued() throws Exception {
		Path real = ecm.destination.resolve(archives.get(0));
		Path copy = ecm.destination.resolve("ecm_20200101_030000.tar.zst");
		Manifest manifest = ArchiveJson.read(ArchiveFiles.manifestOf(real));
		Files.copy(real, copy);
		Files.write(ArchiveFiles.manifestOf(copy), ArchiveJson.write(new Manifest(manifest.format(), manifest.app(),
				manifest.appName(), Instant.parse("2020-01-01T03:00:00Z"), manifest.zone(), manifest.host(),
				manifest.mamoriVersion(), manifest.tags(), manifest.tools(), manifest.sources(), manifest.entries())));
		try {
			this.backups.rebuildCatalog("ecm", Actor.SYSTEM);
			SnapshotView listed = this.backups.snapshots("ecm")
				.stream()
				.filter((s) -> s.name().equals(copy.getFileName().toString()))
				.findFirst()
				.orElseThrow();
			assertThat(listed.status()).isEqualTo(SnapshotStatus.UNVERIFIED);
			assertThat(this.backups.restorable(listed)).as("no .sha256 beside it").isFalse();
			assertThat(this.backups.verifying(listed.id())).as("not queued").isFalse();
			UiSession admin = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), password(), "en");
			assertThat(admin.get("/apps/ecm/restore", "en").body()).doesNotContain("snapshot-" + listed.id() + "\"");
		}
		finally {
			Files.delete(copy);
			Files.delete(ArchiveFiles.manifestOf(copy));
			this.backups.rebuildCatalog("ecm", Actor.SYSTEM);
		}
	}

	private String password() {
		RoleUsers.ensure(this.users, Role.ADMIN);
		return RoleUsers.password(Role.ADMIN);
	}

	private static SnapshotView unverified(SnapshotView s) {
		return new SnapshotView(s.id(), s.appId(), s.name(), s.destination(), s.createdAt(), s.sizeBytes(), s.sha256(),
				SnapshotStatus.UNVERIFIED, null, null, s.tags(), s.runId(), s.sources(), s.suspect());
	}

	private static void exec(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ecm.database);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
