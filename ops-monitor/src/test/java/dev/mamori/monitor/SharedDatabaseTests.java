package dev.mamori.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks are claimed in the database only where another Mamori instance could use the same
 * database: an embedded H2 database is locked by (or lives in) this process.
 */
class SharedDatabaseTests {

	@Test
	void embeddedH2TakesNoClaims() {
		assertThat(MonitorEngine.sharedDatabase("jdbc:h2:file:./data/mamori;MODE=PostgreSQL;WRITE_DELAY=0")).isFalse();
		assertThat(MonitorEngine.sharedDatabase("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isFalse();
		assertThat(MonitorEngine.sharedDatabase("jdbc:h2:~/mamori")).as("a file without the prefix").isFalse();
		assertThat(MonitorEngine.sharedDatabase("JDBC:H2:FILE:/var/lib/mamori/mamori")).isFalse();
	}

	@Test
	void serversAndH2sMixedModeTakeClaims() {
		assertThat(MonitorEngine.sharedDatabase("jdbc:postgresql://127.0.0.1:5432/mamori")).isTrue();
		assertThat(MonitorEngine.sharedDatabase("jdbc:h2:tcp://db.example:9092/mamori")).isTrue();
		assertThat(MonitorEngine.sharedDatabase("jdbc:h2:ssl://db.example/mamori")).isTrue();
		assertThat(MonitorEngine.sharedDatabase("jdbc:h2:file:/srv/mamori;AUTO_SERVER=TRUE")).isTrue();
		assertThat(MonitorEngine.sharedDatabase("")).as("no URL: the safe side").isTrue();
	}

}
