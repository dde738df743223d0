package dev.mamori.persistence;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditLog.AuditQuery;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.core.audit.AuditVerification;
import dev.mamori.core.testsupport.MutableClock;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.CreatedToken;
import dev.mamori.core.user.LoginThrottle;
import dev.mamori.core.user.UserConflictException;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorType;
import dev.mamori.monitor.MonitorView;
import dev.mamori.monitor.Uptimes;
import dev.mamori.support.TestClockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migrations, repositories and the services on top of them. Run once on H2 and once on PostgreSQL
 * by the subclasses, so both databases are held to the same behaviour.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
@Import(TestClockConfiguration.class)
abstract class PersistenceContract {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserService users;

	@Autowired
	ApiTokenService tokens;

	@Autowired
	LoginThrottle throttle;

	@Autowired
	AuditLog audit;

	@Autowired
	MutableClock clock;

	@Autowired
	MonitorService monitors;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void flywayAppliedEveryMigrationAndHibernateValidatedTheSchema() {
		List<String> versions = this.jdbc.queryForList(
				"select \"version\" from \"flyway_schema_history\" where \"success\" = true and \"version\" is not null order by \"installed_rank\"",
				String.class);
		assertThat(versions).startsWith("1", "2");
	}

	@Test
	void usersAreStoredWithHashedPasswordsAndDeletingOneRemovesItsTokens() {
		this.users.create(Actor.SYSTEM, "kumi", "kumi-password", Role.OPERATOR);
		String stored = this.jdbc.queryForObject("select password_hash from user_account where username = 'kumi'",
				String.class);
		assertThat(stored).startsWith("{bcrypt}").doesNotContain("kumi-password");
		this.tokens.create(Actor.user("kumi", null), Role.OPERATOR, "t", null, null, null);
		assertThat(this.tokens.list("kumi")).hasSize(1);
		this.users.delete(Actor.SYSTEM, "kumi");
		assertThat(this.jdbc.queryForObject("select count(*) from api_token t join user_account u on u.id = t.user_id "
				+ "where u.username = 'kumi'", Integer.class)).isZero();
		assertThat(this.users.credentials("kumi")).isEmpty();
	}

	@Test
	void duplicateUsernamesAreRefused() {
		this.users.create(Actor.SYSTEM, "dup", "dup-password", Role.VIEWER);
		assertThatThrownBy(() -> this.users.create(Actor.SYSTEM, "dup", "dup-password", Role.VIEWER))
			.isInstanceOf(UserConflictException.class);
	}

	@Test
	void tokensAreStoredHashedAndStopWorkingWhenExpiredOrRevoked() {
		this.users.create(Actor.SYSTEM, "toku", "toku-password", Role.ADMIN);
		Instant expiry = this.clock.instant().plus(Duration.ofDays(1));
		CreatedToken created = this.tokens.create(Actor.user("toku", null), Role.ADMIN, "ci", Role.OPERATOR, null,
				expiry);
		String storedHash = this.jdbc.queryForObject("select token_hash from api_token where id = ?", String.class,
				created.token().id());
		assertThat(storedHash).hasSize(64).isNotEqualTo(created.secret()).doesNotContain(created.secret());
		assertThat(this.tokens.authenticate(created.secret())).get()
			.satisfies((p) -> assertThat(p.role()).isEqualTo(Role.OPERATOR));

		this.clock.advance(Duration.ofDays(1));
		assertThat(this.tokens.authenticate(created.secret())).isEmpty();

		CreatedToken second = this.tokens.create(Actor.user("toku", null), Role.ADMIN, "ci2", null, null, null);
		this.tokens.revoke(Actor.user("toku", null), false, second.token().id());
		assertThat(this.tokens.authenticate(second.secret())).isEmpty();
		assertThat(this.tokens.list("toku")).extracting((t) -> t.status()).containsExactly("EXPIRED", "REVOKED");
	}

	@Test
	void throttleLocksAfterFiveFailuresAndIsSharedThroughTheDatabase() {
		for (int i = 0; i < 4; i++) {
			assertThat(this.throttle.recordFailure("Mallory")).isEmpty();
		}
		assertThat(this.throttle.recordFailure("mallory")).as("usernames are compared case-insensitively").isPresent();
		assertThat(this.jdbc.queryForObject("select locked_until from login_throttle where username = 'mallory'",
				java.sql.Timestamp.class)).isNotNull();
		assertThat(this.throttle.lockedUntil("mallory")).isPresent();
		this.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
		assertThat(this.throttle.lockedUntil("mallory")).isEmpty();
	}

	@Test
	void auditSearchFiltersByActorActionAndTime() {
		Instant start = this.clock.instant();
		this.audit.record(Actor.user("aki", "10.0.0.1"), "THING_DONE", "x", AuditOutcome.SUCCESS, Map.of("n", 1));
		this.clock.advance(Duration.ofMinutes(5));
		this.audit.record(Actor.user("aki", "10.0.0.1"), "OTHER_THING", "y", AuditOutcome.FAILURE, Map.of());
		this.audit.record(Actor.user("ben", "10.0.0.2"), "THING_DONE", "z", AuditOutcome.SUCCESS, Map.of());
		PageRequest page = PageRequest.of(0, 10);
		assertThat(this.audit.search(new AuditQuery("aki", null, null, null), page).getContent())
			.extracting(AuditRecord::action)
			.containsExactly("OTHER_THING", "THING_DONE");
		assertThat(this.audit.search(new AuditQuery(null, "THING_DONE", null, null), page).getContent())
			.extracting(AuditRecord::actor)
			.containsExactly("ben", "aki");
		assertThat(this.audit.search(new AuditQuery("aki", null, start.plusSeconds(1), null), page).getContent())
			.extracting(AuditRecord::target)
			.containsExactly("y");
		AuditRecord first = this.audit.search(new AuditQuery("aki", "THING_DONE", null, null), page).getContent().get(0);
		assertThat(first.details()).isEqualTo("{\"n\":1}");
		assertThat(first.remoteAddress()).isEqualTo("10.0.0.1");
	}

	@Test
	void verifyFindsTheRowEditedBehindMamorisBack() {
		this.audit.record(Actor.SYSTEM, "A", "1", AuditOutcome.SUCCESS, Map.of());
		AuditRecord tampered = this.audit.record(Actor.user("eve", null), "USER_DELETED", "boss", AuditOutcome.SUCCESS,
				Map.of());
		this.audit.record(Actor.SYSTEM, "C", "3", AuditOutcome.SUCCESS, Map.of());
		assertThat(this.audit.verify().ok()).isTrue();

		this.jdbc.update("update audit_event set actor = 'alice' where id = ?", tampered.id());
		AuditVerification broken = this.audit.verify();
		assertThat(broken.ok()).isFalse();
		assertThat(broken.firstBrokenId()).isEqualTo(tampered.id());
		assertThat(broken.reason()).contains("content");

		this.jdbc.update("update audit_event set actor = 'eve' where id = ?", tampered.id());
		assertThat(this.audit.verify().ok()).isTrue();
	}

	@Test
	@DirtiesContext
	void verifyFindsARemovedRowAndCutOffTail() {
		this.audit.record(Actor.SYSTEM, "A", "1", AuditOutcome.SUCCESS, Map.of());
		AuditRecord removed = this.audit.record(Actor.SYSTEM, "B", "2", AuditOutcome.SUCCESS, Map.of());
		AuditRecord after = this.audit.record(Actor.SYSTEM, "C", "3", AuditOutcome.SUCCESS, Map.of());
		AuditRecord last = this.audit.record(Actor.SYSTEM, "D", "4", AuditOutcome.SUCCESS, Map.of());

		this.jdbc.update("delete from audit_event where id = ?", last.id());
		assertThat(this.audit.verify()).satisfies((v) -> {
			assertThat(v.ok()).isFalse();
			assertThat(v.reason()).contains("newest events were removed");
		});

		this.jdbc.update("delete from audit_event where id = ?", removed.id());
		assertThat(this.audit.verify().firstBrokenId()).isEqualTo(after.id());
	}

	@Test
	void batchUptimesAndResponseTimeBucketsAgreeWithThePerMonitorQueries() {
		MonitorView monitor = this.monitors.create("batch-" + System.nanoTime(), new MonitorDefinition(MonitorType.TCP,
				null, Duration.ofSeconds(60), Duration.ofSeconds(5), 3, 2, Duration.ZERO, false, List.of(), null, null,
				"GET", null, null, null, null, null, null, "127.0.0.1", 9, null, null, null, null, null, null, null, null,
				null, null, null, null), Actor.SYSTEM);
		long id = monitor.id();
		Instant now = this.clock.instant();
		Instant from = now.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
		Instant to = from.plus(Duration.ofHours(1));
		String insert = "insert into monitor_result (monitor_id, checked_at, up, maintenance, response_ms) values (?, ?, ?, ?, ?)";
		// Two buckets of 30 minutes: the edges to the millisecond (microseconds stored), one result at the
		// end that counts in the last bucket, one without a response time, one before the range.
		this.jdbc.update(insert, id, Timestamp.from(from), true, false, 100);
		this.jdbc.update(insert, id, Timestamp.from(from.plus(Duration.ofMinutes(30)).minusMillis(1)), true, false, 200);
		this.jdbc.update(insert, id, Timestamp.from(from.plus(Duration.ofMinutes(30))), false, false, 50);
		this.jdbc.update(insert, id, Timestamp.from(to.minusNanos(1000)), true, false, 70);
		this.jdbc.update(insert, id, Timestamp.from(to), true, false, 999);
		this.jdbc.update(insert, id, Timestamp.from(from.plusSeconds(5)), false, false, null);
		this.jdbc.update(insert, id, Timestamp.from(from.minusMillis(1)), true, false, 5000);
		// Recent raw results next to the rolled-up hours, and one in maintenance (not counted).
		this.jdbc.update(insert, id, Timestamp.from(now.minus(Duration.ofMinutes(3))), false, false, 10);
		this.jdbc.update(insert, id, Timestamp.from(now.minus(Duration.ofMinutes(2))), true, true, 10);

		assertThat(this.monitors.responseTimes(from, to, to.plusSeconds(1), 2).get(id)).containsExactly(150.0,
				(50.0 + 70 + 999) / 3);
		assertThat(this.monitors.uptimes().get(id)).isEqualTo(this.monitors.uptime(id));
		assertThat(this.monitors.rollUpAndPrune()).isTrue();
		Uptimes rolled = this.monitors.uptime(id);
		assertThat(rolled.day()).isEqualTo(100.0 * 5 / 8);
		assertThat(this.monitors.uptimes().get(id)).isEqualTo(rolled);
	}

}
