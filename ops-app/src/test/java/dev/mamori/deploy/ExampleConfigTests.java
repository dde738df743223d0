package dev.mamori.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.MamoriApplication;
import dev.mamori.backup.AppRegistry;
import dev.mamori.core.command.CommandRunner;
import dev.mamori.monitor.MonitorsProperties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each example configuration in deploy/examples starts Mamori and passes validation, with its host
 * paths moved under a temporary directory, so the examples never rot.
 */
class ExampleConfigTests {

	static final Pattern HOST_PATH = Pattern.compile("(?<=[\\s\\[:,])/(home|mnt|opt|backup|srv)(?=[/\\s,}\\]]|$)",
			Pattern.MULTILINE);

	@TempDir
	Path temp;

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "pi-sqlite-usb.yml, ecm, 7", "vps-flask-postgres.yml, mks, 6", "pi-docker-postgres-usb.yml, usb-server, 6" })
	void theExampleStartsMamori(String file, String app, int monitors) throws Exception {
		Path root = this.temp.resolve("host");
		String yaml = Files.readString(Path.of("../deploy/examples", file));
		String moved = HOST_PATH.matcher(yaml).replaceAll(Matcher.quoteReplacement(root.toString()) + "/$1");
		assertThat(moved).as("every host path is moved").doesNotContain(" /home/").doesNotContain(" /mnt/");
		Matcher paths = Pattern.compile(Pattern.quote(root.toString()) + "[^\\s,}\\]\"]*").matcher(moved);
		while (paths.find()) {
			Path path = Path.of(paths.group());
			boolean looksLikeFile = path.getFileName().toString().contains(".");
			Files.createDirectories(looksLikeFile ? path.getParent() : path);
		}
		Path config = Files.writeString(this.temp.resolve(file), moved);
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		try (ConfigurableApplicationContext context = application.run("--spring.config.additional-location=file:" + config,
				"--spring.datasource.url=jdbc:h2:mem:example-" + app + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"--spring.datasource.username=sa", "--spring.datasource.password=", "--mamori.scheduling.enabled=false",
				"--mamori.data-dir=" + this.temp.resolve("data"), "--MKS_DB_PASSWORD=x", "--TM_DB_PASSWORD=x",
				"--MAMORI_DB_PASSWORD=x", "--MAMORI_WEBHOOK_URL=http://127.0.0.1:9/hook")) {
			assertThat(context.getBean(AppRegistry.class).all()).containsOnlyKeys(app);
			Map<String, ?> declared = context.getBean(MonitorsProperties.class).monitors();
			assertThat(declared).hasSize(monitors);
			assertThat(context.getBean(CommandRunner.class).ids()).isNotEmpty();
			assertThat(List.copyOf(context.getBean(AppRegistry.class).get(app).sources())).isNotEmpty();
		}
	}

}
