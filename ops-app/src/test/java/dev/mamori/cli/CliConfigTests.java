package dev.mamori.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The command line reads mamori.yml into the server's properties records without starting Spring.
 */
class CliConfigTests {

	@TempDir
	Path temp;

	@Test
	void bindsAppsSourcesAndCommandsWithEnvironmentPlaceholders() throws Exception {
		Path file = Files.writeString(this.temp.resolve("mamori.yml"), """
				mamori:
				  data-dir: %s
				  commands:
				    ecm-stop: { argv: [systemctl, stop, ecm], timeout: 30s }
				    ecm-start: { argv: [systemctl, start, ecm] }
				  apps:
				    ecm:
				      name: ECM
				      service: { stop: ecm-stop, start: ecm-start }
				      sources:
				        - { id: db, type: postgres, url: "jdbc:postgresql://localhost/ecm", username: ecm, password: "${ECM_DB_PASSWORD}" }
				        - { id: files, type: directory, path: /srv/ecm/files, exclude: [cache/**] }
				      backup:
				        destination: /mnt/usb_backup/ecm
				        retention: { keep-last: 3 }
				""".formatted(this.temp.resolve("state")));
		CliConfig config = CliConfig.load(file, List.of(),
				Map.of("ECM_DB_PASSWORD", "s3cret", "MAMORI_BACKUP_COMPRESSIONLEVEL", "9"));

		AppsProperties.App ecm = config.apps().apps().get("ecm");
		assertThat(ecm.displayName("ecm")).isEqualTo("ECM");
		assertThat(ecm.sources()).extracting(Source::id).containsExactly("db", "files");
		assertThat(ecm.sources().get(0).type()).isEqualTo(SourceType.POSTGRES);
		assertThat(ecm.sources().get(0).password()).isEqualTo("s3cret");
		assertThat(ecm.sources().get(1).exclude()).containsExactly("cache/**");
		assertThat(ecm.backup().destination()).isEqualTo(Path.of("/mnt/usb_backup/ecm"));
		assertThat(ecm.backup().retention().keepLast()).isEqualTo(3);
		assertThat(ecm.backup().retention().minGood()).as("default").isEqualTo(3);
		assertThat(ecm.service().stop()).isEqualTo("ecm-stop");
		assertThat(config.commands().commands().get("ecm-stop").argv()).containsExactly("systemctl", "stop", "ecm");
		assertThat(config.commands().commands().get("ecm-stop").timeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.commands().commands().get("ecm-start").timeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(config.settings().compressionLevel()).as("relaxed environment binding").isEqualTo(9);
		assertThat(config.settings().workDir()).isEqualTo(this.temp.resolve("state").resolve("work"));
		assertThat(config.dataDir()).isEqualTo(this.temp.resolve("state"));
		assertThat(config.restore().healthAttempts()).isEqualTo(10);
		assertThat(config.files()).containsExactly(file);
	}

	@Test
	void withoutAFileThereAreNoAppsAndDefaultsThatCreateNothingHere() {
		CliConfig config = CliConfig.load(null, List.of(this.temp.resolve("absent.yml")), Map.of());
		assertThat(config.files()).isEmpty();
		assertThat(config.apps().apps()).isEmpty();
		assertThat(config.commands().commands()).isEmpty();
		assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
		assertThat(config.settings().workDir())
			.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "mamori-work"));
		assertThat(config.settings().compressionLevel()).isEqualTo(3);
		assertThat(config.restore().healthInterval()).isEqualTo(Duration.ofSeconds(3));
		assertThat(Path.of("data")).as("nothing created in the working directory").doesNotExist();
	}

	@Test
	void theLocalFileWinsOverTheSystemOneWhenNoneIsGiven() throws Exception {
		Path local = Files.writeString(this.temp.resolve("local.yml"), "mamori.backup.compression-level: 5\n");
		Path system = Files.writeString(this.temp.resolve("system.yml"),
				"mamori.backup.compression-level: 7\nmamori.restore.health-attempts: 2\n");
		CliConfig config = CliConfig.load(null, List.of(local, system), Map.of());
		assertThat(config.settings().compressionLevel()).isEqualTo(5);
		assertThat(config.restore().healthAttempts()).isEqualTo(2);
		assertThat(config.files()).containsExactly(local, system);
	}

	@Test
	void aMissingExplicitFileIsAOneLineErrorNamingIt() {
		Path missing = this.temp.resolve("nope.yml");
		assertThatExceptionOfType(CliConfigException.class).isThrownBy(() -> CliConfig.load(missing))
			.withMessage("configuration file " + missing + " does not exist");
	}

	@Test
	void aValueOutOfRangeNamesTheKeyTheValueAndTheFile() throws Exception {
		Path file = Files.writeString(this.temp.resolve("mamori.yml"), """
				mamori:
				  backup:
				    compression-level: 99
				""");
		assertThatExceptionOfType(CliConfigException.class).isThrownBy(() -> CliConfig.load(file, List.of(), Map.of()))
			.withMessageStartingWith("mamori.backup.compression-level: ")
			.withMessageContaining("19")
			.withMessageContaining("(was '99')")
			.withMessageContaining(file.toString())
			.withMessageNotContaining("\n");
	}

	@Test
	void backupsQuickCheckSqliteByDefaultAndAnUnknownCheckNamesTheKey() throws Exception {
		assertThat(CliConfig.load(null, List.of(), Map.of()).settings().sqliteCheck())
			.isEqualTo(dev.mamori.backup.source.SqliteCheck.QUICK);
		Path full = Files.writeString(this.temp.resolve("full.yml"), "mamori.backup.sqlite-check: full\n");
		assertThat(CliConfig.load(full, List.of(), Map.of()).settings().sqliteCheck())
			.isEqualTo(dev.mamori.backup.source.SqliteCheck.FULL);
		Path file = Files.writeString(this.temp.resolve("mamori.yml"), "mamori.backup.sqlite-check: fast\n");
		assertThatExceptionOfType(CliConfigException.class).isThrownBy(() -> CliConfig.load(file, List.of(), Map.of()))
			.withMessageStartingWith("mamori.backup.sqlite-check: ")
			.withMessageContaining("fast")
			.withMessageNotContaining("\n");
	}

	@Test
	void aValueThatDoesNotConvertNamesTheKey() throws Exception {
		Path file = Files.writeString(this.temp.resolve("mamori.yml"), "mamori.restore.health-interval: soon\n");
		assertThatExceptionOfType(CliConfigException.class).isThrownBy(() -> CliConfig.load(file, List.of(), Map.of()))
			.withMessageStartingWith("mamori.restore.health-interval: ")
			.withMessageContaining("soon")
			.withMessageNotContaining("\n");
	}

	@Test
	void anInvalidNestedValueNamesItsFullKeyButNeverAPassword() throws Exception {
		Path file = Files.writeString(this.temp.resolve("mamori.yml"), """
				mamori:
				  apps:
				    ecm:
				      sources:
				        - { id: "Bad Id", type: file, path: /srv/ecm/.env, password: hunter2 }
				      backup: { destination: /mnt/usb }
				""");
		assertThatExceptionOfType(CliConfigException.class).isThrownBy(() -> CliConfig.load(file, List.of(), Map.of()))
			.withMessageContaining("mamori.apps.ecm.sources[0].id: ")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void brokenYamlNamesTheFile() throws Exception {
		Path file = Files.writeString(this.temp.resolve("mamori.yml"), "mamori:\n  apps: [\n");
		assertThatExceptionOfType(CliConfigException.class).isThrownBy(() -> CliConfig.load(file, List.of(), Map.of()))
			.withMessageStartingWith("cannot read " + file + ": ")
			.withMessageNotContaining("\n");
	}

}
