package dev.mamori.actuate;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;

import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mamori's database is a real H2 server over TCP here; stopping it is a real outage.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReadinessDatabaseDownTests {

	static Server database;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException, IOException {
		int dbPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			dbPort = socket.getLocalPort();
		}
		database = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-ifNotExists").start();
		registry.add("spring.datasource.url", () -> "jdbc:h2:tcp://127.0.0.1:" + dbPort
				+ "/mem:readiness;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
		registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
	}

	@AfterAll
	static void stop() {
		database.stop();
	}

	@Test
	void readinessTurnsDownWhenTheDatabaseIsUnreachableWhileLivenessStaysUp() {
		Http http = Http.on(this.port);
		assertThat(http.get("/actuator/health/readiness", Auth.NONE).status()).isEqualTo(200);
		database.stop();
		Http.Response readiness = http.get("/actuator/health/readiness", Auth.NONE);
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.json().get("status").asString()).isEqualTo("DOWN");
		assertThat(http.get("/actuator/health/liveness", Auth.NONE).status()).isEqualTo(200);
	}

}
