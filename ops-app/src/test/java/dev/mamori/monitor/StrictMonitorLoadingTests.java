package dev.mamori.monitor;

import java.nio.file.Path;

import dev.mamori.MamoriApplication;
import dev.mamori.core.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A monitor row that cannot be loaded (JSON that does not parse, an interval that overflows,
 * written into the database by hand) never stops Mamori: it is skipped, logged and shown as broken,
 * and the other monitors run.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrictMonitorLoadingTests {

	@TempDir
	Path temp;

	@Test
	void aFreshStartSkipsAndReportsMonitorRowsThatCannotBeLoaded(CapturedOutput output) {
		long garbled;
		long overflowing;
		long healthy;
		try (ConfigurableApplicationContext context = start()) {
			MonitorService monitors = context.getBean(MonitorService.class);
			garbled = monitors.create("garbled", tcp(), Actor.SYSTEM).id();
			overflowing = monitors.create("overflowing", tcp(), Actor.SYSTEM).id();
			healthy = monitors.create("healthy", tcp(), Actor.SYSTEM).id();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String json = jdbc.queryForObject("select definition from monitor where id = ?", String.class, overflowing);
			ObjectNode definition = (ObjectNode) JsonMapper.builder().build().readTree(json);
			// About 292,000 years: parses as a Duration, but its nanoseconds do not fit in a long.
			definition.put("interval", "PT2562047788015H");
			jdbc.update("update monitor set definition = ? where id = ?", definition.toString(), overflowing);
			jdbc.update("update monitor set definition = ? where id = ?", "{\"type\":\"TCP\",\"interval\":", garbled);
		}
		try (ConfigurableApplicationContext context = start()) {
			MonitorService monitors = context.getBean(MonitorService.class);
			assertThat(monitors.get(garbled, false).broken()).contains("cannot be read");
			assertThat(monitors.get(overflowing, false).broken()).contains("interval").contains("366d");
			assertThat(monitors.get(healthy, false).broken()).isNull();
			assertThat(monitors.list(false)).extracting(MonitorView::name).contains("garbled", "overflowing", "healthy");
			assertThat(context.getBean(MonitorEngine.class).entries()).containsKey(healthy)
				.doesNotContainKeys(garbled, overflowing);
		}
		assertThat(output).contains("WARN")
			.contains("Monitor garbled (id " + garbled + ") cannot be loaded and is skipped")
			.contains("Monitor overflowing (id " + overflowing + ") cannot be loaded and is skipped");
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(MamoriApplication.class).web(WebApplicationType.NONE)
			.profiles("test")
			.run("--spring.datasource.url=jdbc:h2:file:" + this.temp.resolve("db/mamori")
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
					"--mamori.data-dir=" + this.temp.resolve("data"));
	}

	private static MonitorDefinition tcp() {
		return new MonitorDefinition(MonitorType.TCP, null, java.time.Duration.ofSeconds(30),
				java.time.Duration.ofSeconds(5), 3, 2, java.time.Duration.ZERO, false, null, null, null, "GET", null, null,
				null, null, null, null, "127.0.0.1", 9, null, null, null, null, null, null, null, null, null, null, null);
	}

}
