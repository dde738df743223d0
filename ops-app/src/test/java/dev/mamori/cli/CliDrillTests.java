package dev.mamori.cli;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mamori.support.AppFixture;
import dev.mamori.support.Checksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, acceptance 7: the monthly drill on a bare spare machine with only the drive.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliDrillTests {

	@TempDir
	Path temp;

	@Test
	void aDrillOnABareMachinePassesPrintsTheReportKeepsItOnTheDriveAndTouchesNothing(CapturedOutput output) throws Exception {
		AppFixture app = backedUp();
		Map<String, String> live = Checksums.tree(app.root.resolve("app"));
		List<String> archives = archives(app);
		Path spare = this.temp.resolve("spare");

		assertThat(MamoriCli.run("drill", "--dir", app.destination.toString(), "--app", "ecm", "--state-dir",
				spare.toString(), "--lang", "en")).isZero();

		String number = "DRL-" + Year.now() + "-001";
		assertThat(output.getOut()).contains("# Restore drill report " + number).contains("**PASSED**")
			.contains("| EXTRACT | SUCCEEDED |").contains("| CHECK | SUCCEEDED |").contains("| CLEANUP | SUCCEEDED |");
		assertThat(app.destination.resolve(".mamori-reports/" + number + ".md")).content().contains("**PASSED**");
		assertThat(Checksums.tree(app.root.resolve("app"))).as("live data untouched").isEqualTo(live);
		assertThat(archives(app)).as("nothing on the drive deleted or added but the report").isEqualTo(archives);
		try (Stream<Path> scratch = Files.list(spare.resolve("drills"))) {
			assertThat(scratch).as("scratch removed").isEmpty();
		}

		assertThat(MamoriCli.run("drill", "--dir", app.destination.toString(), "--app", "ecm", "--state-dir",
				spare.toString(), "--lang", "ja")).isZero();
		assertThat(output.getOut()).contains("# リストア訓練報告 DRL-" + Year.now() + "-002").contains("**合格**")
			.contains("本番データ");
	}

	@Test
	void aBrokenArchiveFailsWithOneLineSayingWhyAndTouchesNothing(CapturedOutput output) throws Exception {
		AppFixture app = backedUp();
		Map<String, String> live = Checksums.tree(app.root.resolve("app"));
		Path archive = app.destination.resolve(archives(app).get(0));
		try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
			file.seek(file.length() / 2);
			byte b = file.readByte();
			file.seek(file.length() / 2);
			file.writeByte(b ^ 0x5a);
		}
		Path spare = this.temp.resolve("spare");

		assertThat(MamoriCli.run("drill", "--dir", app.destination.toString(), "--app", "ecm", "--state-dir",
				spare.toString(), "--lang", "en")).isEqualTo(1);

		List<String> errors = output.getErr().lines().filter((l) -> l.startsWith("mamori:")).toList();
		assertThat(errors).singleElement().satisfies((line) -> assertThat(line).startsWith("mamori: drill FAILED: the snapshot did not restore:"));
		assertThat(output.getOut()).contains("**FAILED**").contains("| EXTRACT | FAILED |");
		assertThat(Checksums.tree(app.root.resolve("app"))).isEqualTo(live);
		assertThat(archive).as("the broken archive stays on the drive").exists();
		try (Stream<Path> scratch = Files.list(spare.resolve("drills"))) {
			assertThat(scratch).isEmpty();
		}
	}

	@Test
	void withTheConfigTheDrillRunsTheDeclaredQueriesAndAFailingOneIsTheOneLineWhy(CapturedOutput output) throws Exception {
		AppFixture app = backedUp();
		Path config = this.temp.resolve("spare.yml");
		Files.writeString(config, Files.readString(app.cliConfig(this.temp.resolve("base.yml"), "ecm", this.temp.resolve("spare-state")))
				+ """
				      drill:
				        queries:
				          - { source: db, sql: "select count(*) from items", expect: AT_LEAST, value: 150 }
				          - { source: db, sql: "pragma foreign_key_check", expect: NO_ROWS }
				""");
		assertThat(MamoriCli.run("drill", "--dir", app.destination.toString(), "--app", "ecm", "--config", config.toString(),
				"--lang", "en")).isZero();
		assertThat(output.getOut()).contains("**PASSED**").contains("2 verification queries passed")
			.contains("| CONSTRAINTS | SUCCEEDED |");
		try (Stream<Path> scratch = Files.list(this.temp.resolve("spare-state").resolve("drills"))) {
			assertThat(scratch).as("the config's data-dir holds the scratch, removed").isEmpty();
		}

		Files.writeString(config, Files.readString(config).replace("value: 150", "value: 151"));
		assertThat(MamoriCli.run("drill", "--dir", app.destination.toString(), "--app", "ecm", "--config", config.toString(),
				"--lang", "en")).isEqualTo(1);
		assertThat(output.getErr().lines().filter((l) -> l.startsWith("mamori:")).toList()).singleElement()
			.isEqualTo("mamori: drill FAILED: query `select count(*) from items` on db must return at least 151 but returned 150");

		assertThat(MamoriCli.run("drill", "--dir", app.destination.toString(), "--app", "other", "--config", config.toString(),
				"--lang", "en")).isNotZero();
		assertThat(output.getErr()).contains("no archive of app 'other'");
	}

	private AppFixture backedUp() throws Exception {
		AppFixture app = AppFixture.create(this.temp.resolve("pi"), 150);
		Path config = app.cliConfig(this.temp.resolve("mamori.yml"), "ecm", this.temp.resolve("old-machine-state"));
		assertThat(MamoriCli.run("backup", "--app", "ecm", "--config", config.toString())).isZero();
		return app;
	}

	private static List<String> archives(AppFixture app) throws Exception {
		try (Stream<Path> files = Files.list(app.destination)) {
			return files.map((p) -> p.getFileName().toString()).filter((n) -> n.endsWith(".tar.zst")).sorted().toList();
		}
	}

}
