package dev.mamori.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.mamori.MamoriApplication;
import dev.mamori.core.Actor;
import dev.mamori.support.TargetServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 file stays small while many monitors run (issue: performance). With
 * {@code WRITE_DELAY=0}, as shipped, H2 appends every commit's pages to the file and its background
 * housekeeping is off; one commit per check result grew the file by about 2.4 MB a second under 70
 * checks a second. The engine now gathers a write interval's results and claims in one commit each.
 * This runs 600 HTTP monitors at 5 s (120 checks a second) against a real local HTTP server on the
 * shipped H2 URL for 90 s (H2 keeps freed space 45 s before reusing it) and samples the file's size every half second.
 */
class H2FileBoundTests {

	private static final int MONITORS = 600;

	/** The bound of the performance issue. */
	private static final long BOUND = 64L * 1024 * 1024;

	@TempDir
	Path temp;

	@Test
	void theH2FileStaysBoundedWhileSixHundredMonitorsRunEveryFiveSeconds() throws Exception {
		String shipped = new String(MamoriApplication.class.getResourceAsStream("/application.yml").readAllBytes(),
				StandardCharsets.UTF_8);
		assertThat(shipped).as("the shipped database URL this test mirrors").contains(";WRITE_DELAY=0");
		Path file = this.temp.resolve("db/mamori.mv.db");
		try (TargetServer target = TargetServer.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(MamoriApplication.class)
					.web(WebApplicationType.NONE)
					.profiles("test")
					.run("--spring.datasource.url=jdbc:h2:file:" + this.temp.resolve("db/mamori")
							+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
							"--mamori.data-dir=" + this.temp.resolve("data"))) {
			target.endpoint("/ok");
			MonitorService monitors = context.getBean(MonitorService.class);
			for (int i = 0; i < MONITORS; i++) {
				monitors.create("site-" + i, http(target.url("/ok")), Actor.SYSTEM);
			}
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			long start = System.nanoTime();
			long peak = 0;
			while (System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
				peak = Math.max(peak, size(file));
				Thread.sleep(500);
			}
			Integer results = jdbc.queryForObject("select count(*) from monitor_result", Integer.class);
			// 600 monitors every 5 s for 40 s (the first turn of each comes within its first interval).
			assertThat(results).as("check results stored").isGreaterThan(MONITORS * 6);
			assertThat(peak).as("peak size of %s in bytes while %d results were written", file, results)
				.isLessThan(BOUND);
		}
	}

	private static long size(Path file) throws IOException {
		return Files.exists(file) ? Files.size(file) : 0;
	}

	private static MonitorDefinition http(String url) {
		return new MonitorDefinition(MonitorType.HTTP, null, Duration.ofSeconds(5), Duration.ofSeconds(5), 3, 2,
				Duration.ZERO, false, null, null, url, "GET", null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null);
	}

}
