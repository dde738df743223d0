package dev.mamori.cli;

import java.nio.file.Path;

import dev.mamori.core.user.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring application the database commands start is a tool, not a server.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliContextTests {

	@TempDir
	Path temp;

	@Test
	void aCommandLineRunCreatesNoUserAndPrintsNoBannerOrStartupLog(CapturedOutput output) {
		try (ConfigurableApplicationContext context = CliContext.start(null, false,
				"--mamori.data-dir=" + this.temp.resolve("state"))) {
			assertThat(context.getBean(UserService.class).hasUsers()).as("the database is migrated, and empty").isFalse();
			assertThat(context.getBeanNamesForType(
					org.springframework.boot.ApplicationRunner.class)).as("no initial admin runner")
				.noneMatch((name) -> name.toLowerCase().contains("initialadmin"));
		}
		assertThat(output).doesNotContain("Created the initial user")
			.doesNotContain("generated password")
			.doesNotContain(":: Spring Boot ::")
			.doesNotContainPattern("(?m)\\sINFO\\s");
	}

}
