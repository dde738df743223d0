package dev.mamori.config;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.mamori.MamoriApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A mamori.yml that says something Mamori would not do stops startup naming the key: misspelled
 * keys, blocks indented under the wrong parent, and times beyond the documented maxima.
 */
class StrictConfigurationTests {

	@TempDir
	Path temp;

	@Test
	void aMisspelledKeyFailsStartupNamingItAndSuggestingTheKnownKey() throws Exception {
		Throwable root = rootCauseOfStarting("""
				mamori:
				  monitors:
				    root-disk:
				      type: disk
				      path: /
				      max-precent: 95
				""");
		assertThat(root).isInstanceOf(UnknownPropertyException.class);
		assertThat(root.getMessage()).contains("mamori.monitors.root-disk.max-precent")
			.contains("did you mean `max-percent`?")
			.contains("mamori.yml");
		// The value is never printed (the file's path, a random temp name, may hold any digits).
		assertThat(root.getMessage().replaceAll("URL \\[[^\\]]*\\]", "URL")).doesNotContain("95");
	}

	@Test
	void aMisspelledTopLevelKeyFailsStartupToo() throws Exception {
		Throwable root = rootCauseOfStarting("""
				mamori:
				  monitoring:
				    min-intervall: 10s
				""");
		assertThat(root.getMessage()).contains("mamori.monitoring.min-intervall").contains("did you mean `min-interval`?");
	}

	@Test
	void anAppIndentedUnderMonitorsFailsStartupNamingTheKey() throws Exception {
		Throwable root = rootCauseOfStarting("""
				mamori:
				  monitors:
				    site: { type: tcp, host: 127.0.0.1, port: 9 }
				    ecm:
				      name: ECM
				      sources:
				        - { id: db, type: sqlite, path: /tmp/ecm.db }
				""");
		assertThat(root).isInstanceOf(UnknownPropertyException.class);
		assertThat(((UnknownPropertyException) root).getKeys()).containsExactlyInAnyOrder("mamori.monitors.ecm.name",
				"mamori.monitors.ecm.sources");
		assertThat(root.getMessage()).contains("mamori.monitors.ecm.sources (")
			.contains("mamori.monitors.ecm.name (")
			.contains("`sources` is a key of `mamori.apps.<name>`");
	}

	@Test
	void anIntervalBeyondTheMaximumFailsStartupNamingTheKeyAndTheMaximum() throws Exception {
		Throwable root = rootCauseOfStarting("""
				mamori:
				  monitors:
				    site: { type: tcp, host: 127.0.0.1, port: 9, interval: 999999999999d }
				""");
		assertThat(root.getMessage()).contains("mamori.monitors.site.interval").contains("at most 366d");
	}

	@Test
	void aHeartbeatPeriodBeyondTheMaximumFailsStartupNamingTheKey() throws Exception {
		Throwable root = rootCauseOfStarting("""
				mamori:
				  monitors:
				    nightly: { type: heartbeat, period: 400d }
				""");
		assertThat(root.getMessage()).contains("mamori.monitors.nightly.period").contains("at most 366d");
	}

	private Throwable rootCauseOfStarting(String yaml) throws Exception {
		Path config = Files.writeString(this.temp.resolve("mamori.yml"), yaml);
		Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(MamoriApplication.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run("--spring.config.additional-location=file:" + config, "--mamori.scheduling.enabled=false")
			.close());
		assertThat(thrown).as("startup fails").isNotNull();
		return NestedExceptionUtils.getMostSpecificCause(thrown);
	}

}
