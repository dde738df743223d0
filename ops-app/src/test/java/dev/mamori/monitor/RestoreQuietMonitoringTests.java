package dev.mamori.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.mamori.backup.AppLeases;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.core.event.RestoreFinished;
import dev.mamori.core.event.RestoreStarted;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.Mailbox;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore and what runs around it, end to end with a real HTTP target, a real remediation
 * command, real backups on disk and a real SMTP server (GreenMail): the app's monitors are quiet
 * during the restore and its grace period (and only then), a remediation already under way is held,
 * a scheduled backup inside the restore runs after it, and every restore outcome is mailed with its
 * own subject, in Japanese as configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RestoreQuietMonitoringTests {

	private static final Duration GRACE = Duration.ofSeconds(1);

	private static final JsonMapper json = JsonMapper.builder().build();

	static Path temp;

	static final TargetServer target = TargetServer.start();

	static final TargetServer.Endpoint shop = target.endpoint("/shop");

	static final TargetServer.Endpoint stubborn = target.endpoint("/stubborn");

	static final TargetServer.Endpoint ecmWeb = target.endpoint("/ecm");

	static final TargetServer.Endpoint hook = target.endpoint("/hook");

	static final Mailbox mail = new Mailbox();

	static Path marker;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	AppLeases leases;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		// Not a @TempDir: scheduled backups may still write into it while the context closes.
		temp = Files.createTempDirectory("mamori-restore-quiet");
		marker = temp.resolve("remediated");
		AppFixture.create(temp.resolve("shop"), 5).register(registry, "shop", null);
		AppFixture.create(temp.resolve("crm"), 5).register(registry, "crm", null);
		AppFixture.create(temp.resolve("ecm"), 5).register(registry, "ecm", "*/2 * * * * *");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", mail::port);
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.email.language", () -> "ja");
		registry.add("mamori.notifications.email.base-url", () -> "https://mamori.example.test/");
		registry.add("mamori.notifications.webhook.url", () -> target.url("/hook"));
		registry.add("mamori.notifications.backoff", () -> "100ms");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.monitoring.restore-grace", () -> GRACE.toMillis() + "ms");
		// A short lease: deferred backups look every 250 ms whether the restore is over.
		registry.add("mamori.backup.lock-lease", () -> "3s");
		registry.add("mamori.commands.mark.argv[0]", () -> "touch");
		registry.add("mamori.commands.mark.argv[1]", marker::toString);
		registry.add("mamori.commands.never-helps.argv[0]", () -> "false");
		http(registry, "shop-web", "shop", "/shop");
		registry.add("mamori.monitors.shop-web.remediation.command", () -> "mark");
		registry.add("mamori.monitors.shop-web.remediation.max-attempts", () -> "1");
		registry.add("mamori.monitors.shop-web.remediation.wait-after", () -> "100ms");
		http(registry, "crm-web", "crm", "/stubborn");
		registry.add("mamori.monitors.crm-web.remediation.command", () -> "never-helps");
		registry.add("mamori.monitors.crm-web.remediation.max-attempts", () -> "3");
		registry.add("mamori.monitors.crm-web.remediation.wait-after", () -> "3s");
		http(registry, "ecm-web", "ecm", "/ecm");
	}

	private static void http(DynamicPropertyRegistry registry, String name, String app, String path) {
		String key = "mamori.monitors." + name;
		registry.add(key + ".type", () -> "http");
		registry.add(key + ".app", () -> app);
		registry.add(key + ".url", () -> target.url(path));
		registry.add(key + ".interval", () -> "300ms");
		registry.add(key + ".timeout", () -> "250ms");
		registry.add(key + ".failure-threshold", () -> "2");
		registry.add(key + ".success-threshold", () -> "1");
	}

	@AfterAll
	static void stop() {
		target.close();
		mail.stop();
	}

	@Test
	void aFailingAppDuringItsRestoreOpensNoIncidentSendsNothingAndRunsNoRemediationButDoesAfterTheGrace()
			throws Exception {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = monitorId(http, "shop-web");
		// A loaded machine can time out the very first checks: start from a settled, healthy monitor.
		settled(http, viewer, id);
		Files.deleteIfExists(marker);
		long mailsBefore = subjects().stream().filter((s) -> s.contains("shop-web")).count();

		Instant started = Instant.now();
		this.events.publishEvent(new RestoreStarted("shop", 41, true, started));
		shop.down();
		// Several check intervals of failures, each pair over the failure threshold of 2.
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> failures(id, started) >= 6);
		JsonNode during = monitor(http, viewer, id);
		assertThat(during.get("state").asString()).isEqualTo("MAINTENANCE");
		assertThat(during.get("lastMessage").asString()).startsWith("restore in progress").contains("HTTP 503");

		this.events.publishEvent(new RestoreFinished("shop", 41, "SUCCEEDED", null, "shop-20261201-030000",
				"REC-2026-041", Duration.ofSeconds(40), Instant.now()));
		shop.up();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> "UP".equals(monitor(http, viewer, id).get("state").asString()));

		assertThat(count("select count(*) from monitor_result where monitor_id = ? and up = false "
				+ "and maintenance = false and checked_at >= ?", id, started))
			.as("every failure was recorded as maintenance").isZero();
		assertThat(count("select count(*) from incident where monitor_id = ? and opened_at >= ?", id, started)).isZero();
		assertThat(count("select count(*) from notification where monitor_id = ? and created_at >= ?", id, started))
			.isZero();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> mail.withSubject("[Mamori] リストア成功: Test app shop").size() == 1);
		assertThat(subjects().stream().filter((s) -> s.contains("shop-web"))).hasSize((int) mailsBefore);
		assertThat(marker).doesNotExist();

		// Control: the same failure after the grace period is an incident, a mail and a remediation.
		shop.down();
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> count("select count(*) from incident where monitor_id = ? and opened_at >= ?", id, started) == 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marker));
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> subjects().stream().filter((s) -> s.startsWith("[Mamori] 停止: shop-web")).count() > 0);
		shop.up();
	}

	@Test
	void aRemediationUnderWayWhenARestoreStartsIsHeldUntilTheRestoreIsOverAndThenGoesOn() {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long id = monitorId(http, "crm-web");
		settled(http, viewer, id);
		Instant down = Instant.now();
		stubborn.down();
		long incident = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> this.jdbc.query("select id from incident where monitor_id = ? and opened_at >= ?",
					(rs, i) -> rs.getLong(1), id, Timestamp.from(down)), (ids) -> !ids.isEmpty())
			.get(0);
		// The first attempt runs at once; the next is due 3 s later, inside the restore.
		this.events.publishEvent(new RestoreStarted("crm", 42, true, Instant.now()));
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> count("select count(*) from incident_event where incident_id = ? and kind = 'REMEDIATION_HELD'",
					incident) == 1);
		int attempts = count("select remediation_attempts from incident where id = ?", incident);
		assertThat(attempts).isLessThanOrEqualTo(1);
		Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(count("select remediation_attempts from incident where id = ?", incident)).isEqualTo(attempts);
		assertThat(count("select count(*) from incident where id = ? and escalated = true", incident)).isZero();
		assertThat(monitor(http, viewer, id).get("state").asString()).isEqualTo("MAINTENANCE");

		this.events.publishEvent(new RestoreFinished("crm", 42, "FAILED", "the archive is damaged",
				"crm-20261201-030000", "REC-2026-042", null, Instant.now()));
		// Still down after the grace period: the remediation goes on where it stopped, then escalates.
		Awaitility.await().atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from incident where id = ? and escalated = true", incident) == 1);
		assertThat(count("select remediation_attempts from incident where id = ?", incident)).isEqualTo(3);
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> mail.withSubject("[Mamori] 要手動対応: crm-web").size() == 1);
		stubborn.up();
	}

	private void settled(Http http, Auth viewer, long id) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(monitor(http, viewer, id).get("state").asString())
				&& count("select count(*) from incident where monitor_id = ? and closed_at is null", id) == 0
				&& count("select count(*) from notification where monitor_id = ? and status = 'PENDING'", id) == 0);
	}

	private int count(String sql, Object... args) {
		Object[] values = Arrays.stream(args).map((a) -> (a instanceof Instant i) ? Timestamp.from(i) : a).toArray();
		Integer n = this.jdbc.queryForObject(sql, Integer.class, values);
		return (n != null) ? n : 0;
	}

	@Test
	void aScheduledBackupInsideARestoreIsDeferredAndRunsWhenTheRestoreEnds() throws Exception {
		Http http = Http.on(this.port);
		Auth viewer = RoleUsers.ensure(this.users, Role.VIEWER);
		long ecmMonitor = monitorId(http, "ecm-web");

		// A restore by another process (the command line) shows only as its lease.
		String owner = acquireRestoreLease();
		AuditRecord deferred = awaitDeferralAfter(Instant.now());
		assertThat(deferred.target()).isEqualTo("ecm");
		assertThat(deferred.details()).contains("\"reason\":\"restore in progress\"");
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
			JsonNode view = monitor(http, viewer, ecmMonitor);
			return "MAINTENANCE".equals(view.get("state").asString())
					&& view.get("lastMessage").asString().startsWith("restore in progress");
		});
		Instant tick = tick(awaitDeferralAfter(deferred.time()));
		Instant released = Instant.now();
		this.leases.release("ecm", owner);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backupRunFor(tick).isPresent());
		assertThat(backupRunFor(tick).get()).isAfterOrEqualTo(released.minusMillis(50));

		// A restore in this process: the deferred backup runs on its RestoreFinished.
		this.events.publishEvent(new RestoreStarted("ecm", 43, true, Instant.now()));
		String second = acquireRestoreLease();
		Instant secondTick = tick(awaitDeferralAfter(Instant.now()));
		Instant ended = Instant.now();
		this.leases.release("ecm", second);
		this.events.publishEvent(new RestoreFinished("ecm", 43, "SUCCEEDED", null, "ecm-20261201-030000",
				"REC-2026-043", Duration.ofSeconds(12), Instant.now()));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backupRunFor(secondTick).isPresent());
		assertThat(backupRunFor(secondTick).get()).isAfterOrEqualTo(ended.minusMillis(50));
	}

	@Test
	void everyRestoreOutcomeIsMailedWithItsOwnSubjectInJapaneseAndNeverAsABackup() {
		Instant at = Instant.now();
		this.events.publishEvent(new RestoreFinished("crm", 901, "SUCCEEDED", null, "crm-20261130-030000",
				"REC-2026-901", Duration.ofSeconds(83), at));
		this.events.publishEvent(new RestoreFinished("crm", 902, "ROLLED_BACK",
				"health check failed after the swap: HTTP 500", "crm-20261129-030000", "REC-2026-902", null, at));
		this.events.publishEvent(new RestoreFinished("crm", 903, "ROLLBACK_FAILED",
				"could not rename /srv/crm/data.aside back", "crm-20261128-030000", "REC-2026-903", null, at));

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> withBody("REC-2026-901").isPresent()
				&& withBody("REC-2026-902").isPresent() && withBody("REC-2026-903").isPresent());
		MimeMessage succeeded = withBody("REC-2026-901").get();
		assertThat(subject(succeeded)).isEqualTo("[Mamori] リストア成功: Test app crm");
		assertThat(Mailbox.body(succeeded)).contains("アプリ: Test app crm (crm)")
			.contains("スナップショット: crm-20261130-030000")
			.contains("結果: SUCCEEDED")
			.contains("RTO（依頼から正常応答まで）: 0:01:23")
			.contains("復旧報告書: REC-2026-901")
			.contains("https://mamori.example.test/restores/901");
		MimeMessage rolledBack = withBody("REC-2026-902").get();
		assertThat(subject(rolledBack)).isEqualTo("[Mamori] リストア失敗（ロールバック済み）: Test app crm");
		assertThat(Mailbox.body(rolledBack)).contains("ロールバック").contains("health check failed after the swap: HTTP 500");
		assertThat(subject(withBody("REC-2026-903").get())).isEqualTo("[Mamori] リストアのロールバック失敗・要手動対応: Test app crm");
		assertThat(subjects()).noneMatch((s) -> s.contains("バックアップ") || s.toLowerCase().contains("backup"));

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hook.bodies().stream()
			.anyMatch((b) -> b.contains("REC-2026-902")));
		JsonNode webhook = json.readTree(hook.bodies().stream().filter((b) -> b.contains("REC-2026-902")).findFirst().get());
		assertThat(webhook.get("event").asString()).isEqualTo("restore.finished");
		assertThat(webhook.get("outcome").asString()).isEqualTo("ROLLED_BACK");
		assertThat(webhook.get("runId").asLong()).isEqualTo(902);
		assertThat(webhook.get("url").asString()).isEqualTo("https://mamori.example.test/restores/902");
		// Recorded like every notification: one per channel and outcome, delivered.
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.jdbc.queryForObject(
				"select count(*) from notification where app_id = 'crm' and kind like 'RESTORE_%' and status = 'SENT' "
						+ "and subject like '%Test app crm'", Integer.class) >= 6);
	}

	private String acquireRestoreLease() {
		// A scheduled backup may hold the app for a moment.
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> this.leases.acquire("ecm", "restore", Duration.ofSeconds(30)), Optional::isPresent)
			.get();
	}

	private AuditRecord awaitDeferralAfter(Instant after) {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.audit
			.search(new AuditLog.AuditQuery(null, "BACKUP_DEFERRED", after, null), PageRequest.of(0, 50))
			.getContent()
			.stream()
			.filter((r) -> r.time().isAfter(after))
			.findFirst(), Optional::isPresent).get();
	}

	private static Instant tick(AuditRecord deferred) throws Exception {
		return Instant.parse(json.readTree(deferred.details()).get("tick").asString());
	}

	private Optional<Instant> backupRunFor(Instant tick) {
		return this.jdbc
			.query("select started_at from backup_run where app_id = 'ecm' and scheduled_for = ?",
					(rs, i) -> rs.getTimestamp(1).toInstant(), Timestamp.from(tick))
			.stream()
			.findFirst();
	}

	private int failures(long id, Instant since) {
		return this.jdbc.queryForObject("select count(*) from monitor_result where monitor_id = ? and up = false "
				+ "and checked_at >= ?", Integer.class, id, Timestamp.from(since));
	}

	private JsonNode monitor(Http http, Auth viewer, long id) {
		return http.get("/api/monitors/" + id, viewer).json();
	}

	private long monitorId(Http http, String name) {
		for (JsonNode monitor : http.get("/api/monitors", RoleUsers.ensure(this.users, Role.VIEWER)).json()) {
			if (name.equals(monitor.get("name").asString())) {
				return monitor.get("id").asLong();
			}
		}
		throw new AssertionError("no monitor " + name);
	}

	private static List<String> subjects() {
		return mail.withSubject("").stream().map(RestoreQuietMonitoringTests::subject).toList();
	}

	private static Optional<MimeMessage> withBody(String text) {
		return mail.withSubject("[Mamori]").stream().filter((m) -> Mailbox.body(m).contains(text)).findFirst();
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
