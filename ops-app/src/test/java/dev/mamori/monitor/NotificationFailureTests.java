package dev.mamori.monitor;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.TargetServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the SMTP server down, an alert is tried the configured number of times, recorded as failed
 * with the error, noted on the incident's timeline, and the checks go on meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class NotificationFailureTests {

	static final TargetServer target = TargetServer.start();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		int closed;
		try (ServerSocket probe = new ServerSocket(0)) {
			closed = probe.getLocalPort();
		}
		int smtpPort = closed;
		target.endpoint("/down").down();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtpPort);
		registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
		registry.add("mamori.notifications.email.to[0]", () -> "ops@example.test");
		registry.add("mamori.notifications.attempts", () -> "3");
		registry.add("mamori.notifications.backoff", () -> "200ms");
		registry.add("mamori.monitoring.min-interval", () -> "100ms");
		registry.add("mamori.monitors.api.type", () -> "http");
		registry.add("mamori.monitors.api.url", () -> target.url("/down"));
		registry.add("mamori.monitors.api.interval", () -> "200ms");
		registry.add("mamori.monitors.api.timeout", () -> "150ms");
		registry.add("mamori.monitors.api.failure-threshold", () -> "1");
	}

	@AfterAll
	static void stop() {
		target.close();
	}

	@Test
	void anUnreachableSmtpServerIsRetriedRecordedAsFailedAndChecksKeepRunning() {
		// The notification row is marked FAILED, then the incident's NOTIFY_FAILED event is written: wait for both.
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.jdbc
			.queryForObject("select count(*) from notification where status = 'FAILED'", Integer.class) == 1
				&& this.jdbc.queryForObject("select count(*) from incident_event where kind = 'NOTIFY_FAILED'",
						Integer.class) > 0);
		Map<String, Object> row = this.jdbc.queryForMap("select * from notification where status = 'FAILED'");
		assertThat(row.get("channel")).isEqualTo("EMAIL");
		assertThat(row.get("kind")).isEqualTo("OPENED");
		assertThat(row.get("attempts")).isEqualTo(3);
		assertThat((String) row.get("last_error")).containsIgnoringCase("connect");
		long incident = ((Number) row.get("incident_id")).longValue();
		assertThat(this.jdbc.queryForList("select kind from incident_event where incident_id = ?", String.class, incident))
			.contains("NOTIFY_FAILED");

		int results = this.jdbc.queryForObject("select count(*) from monitor_result", Integer.class);
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> this.jdbc.queryForObject("select count(*) from monitor_result", Integer.class) >= results + 5);
		Http.Response monitors = Http.on(this.port).get("/api/monitors", RoleUsers.ensure(this.users, Role.VIEWER));
		assertThat(monitors.json().get(0).get("state").asString()).isEqualTo("DOWN");
	}

}
