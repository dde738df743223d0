package dev.mamori.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.MamoriApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drill and objective settings that Mamori cannot use stop startup naming the key: absurd durations,
 * queries on sources that are not databases or that the app does not have, undeclared boot commands, a
 * health URL that is not HTTP, a misspelled key.
 */
class DrillConfigurationValidationTests {

	@TempDir
	Path temp;

	@Test
	void aDrillScheduleThatIsNotCron() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.schedule=monthly")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.schedule = 'monthly'").hasStackTraceContaining("cron expression");
	}

	@Test
	void absurdDurations() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.max-duration=0s")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.max-duration = 'PT0S': a duration from 1s to 24h");
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.max-age=-5d")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.max-age");
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.objectives.rto=99999d")))
			.hasStackTraceContaining("mamori.apps.ecm.objectives.rto").hasStackTraceContaining("a duration from 1s to 720h");
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.objectives.rpo=500ms")))
			.hasStackTraceContaining("mamori.apps.ecm.objectives.rpo = 'PT0.5S'");
		assertThatThrownBy(() -> start(valid("--mamori.drills.check-interval=100d")))
			.hasStackTraceContaining("mamori.drills.check-interval").hasStackTraceContaining("a duration from 1s to 1h");
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.random-of=0")))
			.hasStackTraceContaining("randomOf");
	}

	@Test
	void aQueryOnASourceTheAppDoesNotHaveOrThatIsNotADatabase() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.queries[0].source=db",
				"--mamori.apps.ecm.drill.queries[0].sql=select 1", "--mamori.apps.ecm.drill.queries[0].expect=SOME_ROWS")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.queries[0].source = 'db': not a source of this app (its sources: [env])");
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.queries[0].source=env",
				"--mamori.apps.ecm.drill.queries[0].sql=select 1", "--mamori.apps.ecm.drill.queries[0].expect=SOME_ROWS")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.queries[0].source = 'env': verification queries run on database sources");
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.queries[0].source=env",
				"--mamori.apps.ecm.drill.queries[0].sql=select 1", "--mamori.apps.ecm.drill.queries[0].expect=MAYBE")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.queries[0].expect");
	}

	@Test
	void aBootCommandThatIsNotDeclaredOrAHealthUrlThatIsNotHttp() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.boot.command=rm-rf",
				"--mamori.apps.ecm.drill.boot.health-url=http://127.0.0.1:9/health")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.boot.command = 'rm-rf': not a declared command");
		assertThatThrownBy(() -> start(valid("--mamori.commands.copy.argv[0]=true", "--mamori.apps.ecm.drill.boot.command=copy",
				"--mamori.apps.ecm.drill.boot.health-url=file:///etc/passwd")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.boot.health-url = 'file:///etc/passwd': an http:// or https:// URL");
	}

	@Test
	void aMisspelledDrillKey() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.drill.max-agee=7d")))
			.hasStackTraceContaining("mamori.apps.ecm.drill.max-agee");
	}

	private String[] valid(String... extra) {
		List<String> args = new ArrayList<>(List.of("--mamori.apps.ecm.sources[0].id=env",
				"--mamori.apps.ecm.sources[0].type=file", "--mamori.apps.ecm.sources[0].path=" + this.temp.resolve(".env"),
				"--mamori.apps.ecm.backup.destination=" + this.temp));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	private static void start(String... args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		application.run(args).close();
	}

}
