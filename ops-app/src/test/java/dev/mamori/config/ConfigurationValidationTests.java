package dev.mamori.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.mamori.MamoriApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class ConfigurationValidationTests {

	@Test
	void anInvalidValueFailsStartupNamingTheKey(CapturedOutput output) {
		assertThatThrownBy(() -> start("--mamori.security.login.max-failures=0")).hasStackTraceContaining(
				"mamori.security.login.max-failures");
		// What a person starting Mamori sees: Spring Boot's failure report naming key, value and reason.
		assertThat(output).contains("mamori.security.login.max-failures")
			.contains("Value: \"0\"")
			.contains("must be greater than or equal to 1");
	}

	@Test
	void anUnparseableDurationFailsStartupNamingTheKey(CapturedOutput output) {
		assertThatThrownBy(() -> start("--mamori.security.login.lockout=fifteen minutes"))
			.hasStackTraceContaining("mamori.security.login.lockout");
		assertThat(output).contains("mamori.security.login.lockout").contains("fifteen minutes");
	}

	@Test
	void aWriteIntervalOutOfRangeFailsStartupNamingTheKey(CapturedOutput output) {
		assertThatThrownBy(() -> start("--mamori.monitoring.write-interval=1h"))
			.hasStackTraceContaining("mamori.monitoring.write-interval");
		assertThat(output).contains("mamori.monitoring.write-interval").contains("between 0 and 10s");
		assertThatThrownBy(() -> start("--mamori.monitoring.write-interval=-1s"))
			.hasStackTraceContaining("mamori.monitoring.write-interval must be between 0 and 10s, was PT-1S");
	}

	@Test
	void anArchiveGroupThatDoesNotExistFailsStartupNamingIt(CapturedOutput output) {
		assertThatThrownBy(() -> start("--mamori.backup.files.group=no-such-group-mamori"))
			.hasStackTraceContaining("mamori.backup.files.group");
		assertThat(output).contains("'no-such-group-mamori' does not exist");
	}

	@Test
	void aBadAgeRecipientFailsStartupNamingTheKeyAndItsIndex(CapturedOutput output) throws IOException {
		Path env = Files.createTempFile("mamori-env", ".txt");
		String app = "--mamori.apps.crypt.";
		// The second recipient has a typo in its checksum.
		String good = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
		String typo = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8q";
		assertThatThrownBy(() -> start(app + "sources[0].id=env", app + "sources[0].type=file",
				app + "sources[0].path=" + env, app + "backup.destination=" + env.getParent(),
				app + "backup.encryption.recipients[0]=" + good, app + "backup.encryption.recipients[1]=" + typo))
			.hasStackTraceContaining("mamori.apps.crypt.backup.encryption.recipients[1] = '" + typo + "'")
			.hasStackTraceContaining("wrong checksum");
		Path notAKey = Files.writeString(Files.createTempFile("mamori-key", ".txt"), "# no key here\nssh-rsa AAAA\n");
		assertThatThrownBy(() -> start(app + "sources[0].id=env", app + "sources[0].type=file",
				app + "sources[0].path=" + env, app + "backup.destination=" + env.getParent(),
				app + "backup.encryption.recipients[0]=" + good, app + "backup.encryption.identity-file=" + notAKey))
			.hasStackTraceContaining("mamori.apps.crypt.backup.encryption.identity-file")
			.hasStackTraceContaining("line 2, is not an age X25519 identity");
	}

	@Test
	void docsConfigurationListsEveryMamoriProperty() throws IOException {
		List<String> names = new ArrayList<>();
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : json.readTree(in).get("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("mamori.")) {
						names.add(name);
					}
				}
			}
		}
		assertThat(names).as("configuration metadata of the mamori modules")
			.contains("mamori.data-dir", "mamori.admin-password", "mamori.security.login.max-failures");
		for (String page : List.of("../docs/configuration.md", "../docs/configuration.ja.md")) {
			String docs = Files.readString(Path.of(page));
			assertThat(names).allSatisfy((name) -> assertThat(docs).as(page).contains("`" + name + "`"));
		}
	}

	private static void start(String... args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		application.run(args).close();
	}

}
