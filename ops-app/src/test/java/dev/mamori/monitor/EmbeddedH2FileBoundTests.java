package dev.mamori.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.core.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the embedded H2 file database as shipped (the URL of {@code application.yml}, with
 * {@code WRITE_DELAY=0}), a monitoring run that stores tens of thousands of results a minute through
 * the engine keeps the file under 64 MB while it runs: the file is compacted while
 * open, not only at shutdown (it grew by hundreds of MB before).
 */
@SpringBootTest(properties = "mamori.h2.compact-interval=5s")
@ActiveProfiles("test")
class EmbeddedH2FileBoundTests {

	private static final long BOUND = 64L * 1024 * 1024;

	private static final int MONITORS = 200;

	private static final Duration RUN = Duration.ofSeconds(75);

	@TempDir
	static Path data;

	@Autowired
	MonitorService monitors;

	@Autowired
	MonitorEngine engine;

	@Autowired
	JdbcTemplate jdbc;

	long largest;

	@DynamicPropertySource
	static void fileDatabase(DynamicPropertyRegistry registry) throws IOException {
		List<PropertySource<?>> shipped = new YamlPropertySourceLoader().load("shipped",
				new ClassPathResource("application.yml"));
		String url = (String) shipped.get(0).getProperty("spring.datasource.url");
		assertThat(url).startsWith("jdbc:h2:file:${mamori.data-dir:./data}/").contains("WRITE_DELAY=0");
		registry.add("spring.datasource.url", () -> url.replace("${mamori.data-dir:./data}", data.toString()));
	}

	@Test
	void theDatabaseFileStaysBoundedWhileResultsPourIn() throws Exception {
		Path file = data.resolve("mamori.mv.db");
		assertThat(file).exists();
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < MONITORS; i++) {
			// Checked once an hour on their own: the results below are what the engine stores.
			ids.add(this.monitors.create("h2-" + i, new MonitorDefinition(MonitorType.HEARTBEAT, null,
					Duration.ofHours(1), Duration.ofSeconds(5), 3, 2, Duration.ZERO, false, List.of(), null, null, "GET",
					null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
					Duration.ofHours(1), Duration.ofHours(1), null), Actor.SYSTEM).id());
		}
		long largest = Files.size(file);
		long submitted = 0;
		long end = System.nanoTime() + RUN.toNanos();
		long nextSample = 0;
		// Results one by one, as checks finish: the engine stores them in many small transactions.
		while (System.nanoTime() < end) {
			this.engine.submit(ids.get((int) (submitted % MONITORS)), CheckResult.up(3L, "ping from 127.0.0.1"), false);
			submitted++;
			if (System.nanoTime() > nextSample) {
				largest = Math.max(largest, Files.size(file));
				nextSample = System.nanoTime() + 100_000_000L;
			}
			Thread.sleep(1);
		}
		this.largest = largest;
		long stored = awaitStored(submitted, file);
		largest = Math.max(this.largest, Files.size(file));

		assertThat(stored).as("results stored").isEqualTo(submitted).isGreaterThan(20_000);
		assertThat(largest).as("largest size of %s during the run, with %d results stored", file, stored)
			.isLessThan(BOUND);
	}

	/** Waits until the engine stored them all, still watching the file. */
	private long awaitStored(long expected, Path file) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		long stored = 0;
		while (System.nanoTime() < deadline) {
			stored = this.jdbc.queryForObject("select count(*) from monitor_result where message like '%127.0.0.1'",
					Long.class);
			this.largest = Math.max(this.largest, Files.size(file));
			if (stored >= expected) {
				break;
			}
			Thread.sleep(100);
		}
		return stored;
	}

}
