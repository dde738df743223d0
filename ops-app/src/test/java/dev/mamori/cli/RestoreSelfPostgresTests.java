package dev.mamori.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import dev.mamori.core.audit.AuditVerification;
import dev.mamori.core.testsupport.RequiresPostgres;
import dev.mamori.core.testsupport.TestPostgres;
import dev.mamori.selfstate.StateBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore-self} into a fresh install on PostgreSQL (the database named by
 * {@code spring.datasource.url} in the configuration): the same rows and an audit chain that
 * verifies, and a second run refused with the rows kept.
 */
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class RestoreSelfPostgresTests {

	@TempDir
	Path temp;

	@Test
	void restoresIntoAnEmptyPostgresDatabaseAndRefusesASecondTime(CapturedOutput output) throws Exception {
		TestPostgres.Database database = TestPostgres.newDatabase();
		Path drive = Files.createDirectories(this.temp.resolve("usb"));
		StateBundles.write(drive, 4);
		Path config = this.temp.resolve("mamori.yml");
		Files.writeString(config, "mamori:\n  data-dir: \"" + this.temp.resolve("data") + "\"\nspring:\n  datasource:\n"
				+ "    url: \"" + database.url() + "\"\n    username: \"" + database.user() + "\"\n    password: \""
				+ database.password() + "\"\n");

		assertThat(MamoriCli.run("restore-self", "--dir", drive.toString(), "--config", config.toString()))
			.as(output.toString())
			.isZero();
		assertThat(output.getOut()).contains("Restored into jdbc:postgresql:");

		try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password())) {
			assertThat(RestoreSelfCommandTests.strings(db, "select username from user_account order by username"))
				.containsExactly("admin", "hanako");
			assertThat(RestoreSelfCommandTests.strings(db, "select token_hash from api_token"))
				.containsExactly(StateBundles.TOKEN_HASH);
			assertThat(RestoreSelfCommandTests.strings(db, "select name from monitor where origin = 'API'"))
				.containsExactly("site");
			AuditVerification chain = RestoreSelfCommandTests.chain(db);
			assertThat(chain.ok()).as(String.valueOf(chain.reason())).isTrue();
			assertThat(chain.eventsChecked()).isEqualTo(5);
		}

		assertThat(MamoriCli.run("restore-self", "--dir", drive.toString(), "--config", config.toString())).isEqualTo(1);
		assertThat(output.getErr()).contains("already holds 2 user(s)").contains("nothing was written");
		try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password())) {
			assertThat(RestoreSelfCommandTests.strings(db, "select count(*) from audit_event")).isEqualTo(List.of("5"));
		}
	}

}
