package dev.mamori.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.MamoriApplication;
import dev.mamori.support.AppFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A copy's {@code max-age} must be a positive duration: zero or negative stops startup naming the key,
 * and so does a value that is not a duration.
 */
class CopyMaxAgeConfigurationTests {

	@TempDir
	static Path temp;

	@Test
	void aZeroOrNegativeMaxAgeFailsStartupNamingTheKey() {
		for (String value : List.of("0s", "-1h")) {
			List<String> args = app();
			args.add("--mamori.apps.ecm.backup.copies[0].max-age=" + value);
			assertThatThrownBy(() -> start(args)).as(value)
				.hasStackTraceContaining("mamori.apps.ecm.backup.copies[0].max-age")
				.hasStackTraceContaining("a positive duration, such as 26h or 8d");
		}
	}

	@Test
	void aMaxAgeThatIsNotADurationFailsStartupNamingTheKey() {
		List<String> args = app();
		args.add("--mamori.apps.ecm.backup.copies[0].max-age=yesterday");
		assertThatThrownBy(() -> start(args)).hasStackTraceContaining("mamori.apps.ecm.backup.copies[0].max-age")
			.hasStackTraceContaining("yesterday");
	}

	private static List<String> app() {
		AppFixture fixture = AppFixture.create(temp.resolve("ecm-" + System.nanoTime()), 1);
		List<String> args = new ArrayList<>();
		String app = "--mamori.apps.ecm.";
		args.add(app + "sources[0].id=db");
		args.add(app + "sources[0].type=sqlite");
		args.add(app + "sources[0].path=" + fixture.database);
		args.add(app + "backup.destination=" + fixture.destination);
		args.add(app + "backup.copies[0].target=cloud");
		args.addAll(List.of("--mamori.targets.cloud.type=s3", "--mamori.targets.cloud.endpoint=http://127.0.0.1:9",
				"--mamori.targets.cloud.bucket=b", "--mamori.targets.cloud.access-key-env=A",
				"--mamori.targets.cloud.secret-key-env=B"));
		return args;
	}

	private static void start(List<String> args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		application.run(args.toArray(String[]::new)).close();
	}

}
