package dev.mamori.web.ui;

import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.audit.AuditRecord;
import dev.mamori.core.audit.AuditVerification;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit page verifies only the events appended since the last verification, so a long log
 * does not cost a full recomputation per view; the explicit verification ({@code GET
 * /api/audit/verify}) still recomputes the whole chain and finds a changed old event, and from
 * then on the page shows the break too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mamori.scheduling.enabled=false", "spring.jpa.properties.hibernate.generate_statistics=true" })
@ActiveProfiles("test")
class AuditPageVerificationTests {

	private static final String AUDIT_EVENT = "dev.mamori.core.audit.AuditEvent";

	private static final int EVENTS = 2000;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EntityManagerFactory entityManagers;

	UiSession admin;

	/** An event early in the log (one database for the class: the log is written once). */
	static AuditRecord old;

	@BeforeEach
	void longLog() {
		RoleUsers.ensure(this.users, Role.ADMIN);
		for (int i = 0; old == null && i < EVENTS; i++) {
			AuditRecord event = this.audit.record(Actor.user("bench", "10.0.0." + (i % 250)), "THING_DONE", "item-" + i,
					AuditOutcome.SUCCESS, Map.of("n", i));
			if (i == EVENTS - 1) {
				old = this.audit.search(new AuditLog.AuditQuery(null, "THING_DONE", null, null),
						org.springframework.data.domain.PageRequest.of(EVENTS / 50 - 2, 50)).getContent().get(0);
			}
		}
		this.admin = UiSession.login(this.port, RoleUsers.username(Role.ADMIN), RoleUsers.password(Role.ADMIN), "en");
	}

	@Test
	void aPageViewAfterAFullVerificationReadsOnlyTheNewEvents() {
		// The starting point of the page views: a full verification.
		assertThat(this.audit.verify().ok()).isTrue();
		this.audit.record(Actor.SYSTEM, "LATER", "a", AuditOutcome.SUCCESS, Map.of());
		this.audit.record(Actor.SYSTEM, "LATER", "b", AuditOutcome.SUCCESS, Map.of());

		Statistics statistics = this.entityManagers.unwrap(SessionFactory.class).getStatistics();
		statistics.clear();
		Http.Response view = this.admin.get("/audit", "en");
		long loaded = statistics.getEntityStatistics(AUDIT_EVENT).getLoadCount();

		assertThat(view.status()).isEqualTo(200);
		assertThat(chain(view)).contains("data-ok=\"true\"").contains("intact").contains("last recomputed from its first event at")
			.contains("checked the 2 event(s) added since");
		// One page of 50 for the table, the 2 new events and the last verified one: not the whole log.
		assertThat(loaded).as("audit events read by one page view of a %d-event log", EVENTS).isLessThanOrEqualTo(60);
	}

	@Test
	void aChangedOldEventIsFoundByTheFullVerificationAndThePageShowsItFromThenOn() {
		assertThat(this.audit.verify().ok()).isTrue();
		assertThat(chain(this.admin.get("/audit", "en"))).contains("data-ok=\"true\"");
		this.jdbc.update("update audit_event set actor = 'mallory' where id = ?", old.id());
		try {
			// The page view checks only what was appended since: the old change waits for a full verification.
			assertThat(chain(this.admin.get("/audit", "en"))).contains("data-ok=\"true\"");

		Http.Response verify = Http.on(this.port).get("/api/audit/verify", RoleUsers.ensure(this.users, Role.ADMIN));
		assertThat(verify.status()).isEqualTo(200);
		assertThat(verify.json().get("status").asString()).isEqualTo("broken");
		assertThat(verify.json().get("firstBrokenId").asLong()).isEqualTo(old.id());

			// From then on the page has no intact chain to start from: it recomputes all and shows the break.
			Http.Response page = this.admin.get("/audit", "en");
			assertThat(chain(page)).contains("data-ok=\"false\"").contains("at event " + old.id());
			assertThat(chain(this.admin.get("/audit", "en"))).contains("data-ok=\"false\"");
		}
		finally {
			this.jdbc.update("update audit_event set actor = 'bench' where id = ?", old.id());
		}
		assertThat(this.audit.verify().ok()).isTrue();
	}

	@Test
	void theIncrementalCheckFindsAChangedNewEventAndAChangedAnchor() {
		AuditVerification full = this.audit.verify();
		assertThat(full.ok()).isTrue();
		assertThat(full.full()).isTrue();
		AuditRecord fresh = this.audit.record(Actor.SYSTEM, "LATER", "a", AuditOutcome.SUCCESS, Map.of());
		AuditRecord next = this.audit.record(Actor.SYSTEM, "LATER", "b", AuditOutcome.SUCCESS, Map.of());
		this.jdbc.update("update audit_event set target = 'z' where id = ?", fresh.id());

		AuditVerification recent = this.audit.verifyRecent();
		assertThat(recent.ok()).isFalse();
		assertThat(recent.full()).isFalse();
		assertThat(recent.firstBrokenId()).isEqualTo(fresh.id());
		assertThat(recent.eventsChecked()).isEqualTo(1);

		// Repaired: a full verification starts a new intact chain; then the last verified event is removed.
		this.jdbc.update("update audit_event set target = 'a' where id = ?", fresh.id());
		AuditVerification again = this.audit.verify();
		assertThat(again.ok()).isTrue();
		assertThat(again.chainLength()).isEqualTo(again.eventsChecked()).isGreaterThan(EVENTS);
		AuditRecord last = this.audit.record(Actor.SYSTEM, "LATER", "c", AuditOutcome.SUCCESS, Map.of());
		assertThat(this.audit.verifyRecent()).satisfies((v) -> {
			assertThat(v.ok()).isTrue();
			assertThat(v.eventsChecked()).isEqualTo(1);
			assertThat(v.chainLength()).isEqualTo(again.chainLength() + 1);
			assertThat(v.fullyVerifiedAt()).isEqualTo(again.fullyVerifiedAt());
		});
		this.jdbc.update("delete from audit_event where id = ?", last.id());
		// Cut off the end and point the head at the event before: only the anchor tells.
		this.jdbc.update("update audit_chain_head set last_event_id = ?, last_hash = ? where id = 1", next.id(), next.hash());
		assertThat(this.audit.verifyRecent()).satisfies((v) -> {
			assertThat(v.ok()).isFalse();
			assertThat(v.firstBrokenId()).isEqualTo(last.id());
		});
	}

	private static String chain(Http.Response page) {
		String body = page.body();
		int start = body.indexOf("id=\"audit-chain\"");
		assertThat(start).isPositive();
		return body.substring(start, body.indexOf("</p>", start));
	}

}
