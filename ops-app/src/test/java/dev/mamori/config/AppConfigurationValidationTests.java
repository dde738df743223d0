package dev.mamori.config;

import java.nio.file.Files;
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
 * A mistake in the declared apps stops Mamori at startup with the key and what was expected.
 */
class AppConfigurationValidationTests {

	@TempDir
	Path temp;

	@Test
	void unknownSourceType() {
		assertThatThrownBy(() -> start(app("mariadb-or-so", "db", "type", "oracle")))
			.hasStackTraceContaining("mamori.apps.ecm.sources[0].type");
	}

	@Test
	void duplicateSourceId() throws Exception {
		Path db = Files.writeString(this.temp.resolve("a.db"), "");
		assertThatThrownBy(() -> start("--mamori.apps.ecm.sources[0].id=db", "--mamori.apps.ecm.sources[0].type=file",
				"--mamori.apps.ecm.sources[0].path=" + db, "--mamori.apps.ecm.sources[1].id=db",
				"--mamori.apps.ecm.sources[1].type=file", "--mamori.apps.ecm.sources[1].path=" + db,
				"--mamori.apps.ecm.backup.destination=" + this.temp))
			.hasStackTraceContaining("mamori.apps.ecm.sources[1].id = 'db': source ids must be unique");
	}

	@Test
	void missingParentOfAPath() {
		assertThatThrownBy(() -> start("--mamori.apps.ecm.sources[0].id=db", "--mamori.apps.ecm.sources[0].type=sqlite",
				"--mamori.apps.ecm.sources[0].path=/nonexistent/dir/master.db",
				"--mamori.apps.ecm.backup.destination=" + this.temp))
			.hasStackTraceContaining("mamori.apps.ecm.sources[0].path")
			.hasStackTraceContaining("parent directory /nonexistent/dir does not exist");
	}

	@Test
	void badCron() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.backup.schedule=0 3 * *")))
			.hasStackTraceContaining("mamori.apps.ecm.backup.schedule = '0 3 * *'")
			.hasStackTraceContaining("cron expression");
	}

	@Test
	void undeclaredCommand() {
		assertThatThrownBy(() -> start(valid("--mamori.apps.ecm.service.stop=ecm-stop",
				"--mamori.commands.ecm-start.argv[0]=true")))
			.hasStackTraceContaining("mamori.apps.ecm.service.stop = 'ecm-stop': not a declared command")
			.hasStackTraceContaining("ecm-start");
	}

	@Test
	void missingDestination() {
		assertThatThrownBy(() -> start("--mamori.apps.ecm.sources[0].id=env", "--mamori.apps.ecm.sources[0].type=file",
				"--mamori.apps.ecm.sources[0].path=" + this.temp.resolve(".env")))
			.hasStackTraceContaining("apps[ecm].backup")
			.hasStackTraceContaining("must not be null");
	}

	private String[] valid(String... extra) {
		List<String> args = new ArrayList<>(List.of("--mamori.apps.ecm.sources[0].id=env",
				"--mamori.apps.ecm.sources[0].type=file", "--mamori.apps.ecm.sources[0].path=" + this.temp.resolve(".env"),
				"--mamori.apps.ecm.backup.destination=" + this.temp));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	private String[] app(String ignored, String id, String key, String value) {
		return new String[] { "--mamori.apps.ecm.sources[0].id=" + id, "--mamori.apps.ecm.sources[0]." + key + "=" + value,
				"--mamori.apps.ecm.sources[0].path=" + this.temp.resolve("x"),
				"--mamori.apps.ecm.backup.destination=" + this.temp };
	}

	private static void start(String... args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		application.run(args).close();
	}

}
