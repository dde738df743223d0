package dev.mamori.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.mamori.support.AppFixture;
import dev.mamori.support.Checksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disaster recovery on a spare machine: Mamori's database is gone, only the USB drive is left.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliRestoreTests {

	@TempDir
	Path temp;

	@Test
	void restoresTheLatestArchiveToTheOriginalLocationsWithNoDatabase(CapturedOutput output) throws Exception {
		AppFixture app = AppFixture.create(this.temp.resolve("pi"), 150);
		Path config = app.cliConfig(this.temp.resolve("mamori.yml"), "ecm", this.temp.resolve("old-machine-state"));
		assertThat(MamoriCli.run("backup", "--app", "ecm", "--config", config.toString())).isZero();
		Map<String, String> uploads = Checksums.tree(app.uploads.resolve("photos"));
		String env = Files.readString(app.env);

		// The old machine is gone: its state with it, the data damaged.
		deleteTree(this.temp.resolve("old-machine-state"));
		try (RandomAccessFile db = new RandomAccessFile(app.database.toFile(), "rw")) {
			db.setLength(0);
		}
		Files.delete(app.uploads.resolve("photos/p2.jpg"));
		Files.writeString(app.env, "BROKEN=1\n");

		assertThat(MamoriCli.run("snapshots", "--dir", app.destination.toString())).isZero();
		assertThat(output.getOut()).contains("ecm_");

		assertThat(MamoriCli.run("restore", "--dir", app.destination.toString(), "--app", "ecm", "--latest",
				"--to-original", "--dry-run")).isZero();
		assertThat(output.getOut()).contains("Dry run: nothing was changed.").contains(app.database.toString());
		assertThat(Files.size(app.database)).as("dry run left the damage alone").isZero();

		InputStream stdin = System.in;
		try {
			System.setIn(new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8)));
			assertThat(MamoriCli.run("restore", "--dir", app.destination.toString(), "--app", "ecm", "--latest",
					"--to-original")).isEqualTo(1);
			assertThat(output.getErr()).contains("not confirmed; nothing was changed");
			assertThat(Files.size(app.database)).isZero();

			System.setIn(new ByteArrayInputStream("ecm\n".getBytes(StandardCharsets.UTF_8)));
			assertThat(MamoriCli.run("restore", "--dir", app.destination.toString(), "--app", "ecm", "--latest",
					"--to-original")).isZero();
		}
		finally {
			System.setIn(stdin);
		}
		assertThat(app.rows()).isEqualTo(150);
		assertThat(Checksums.tree(app.uploads.resolve("photos"))).isEqualTo(uploads);
		assertThat(Files.readString(app.env)).isEqualTo(env);
		assertThat(output.getOut()).containsPattern("# Recovery report REC-\\d{4}-001").contains("**SUCCEEDED**");
		try (var files = Files.list(app.destination)) {
			assertThat(files.map((p) -> p.getFileName().toString()).filter((n) -> n.endsWith(".tar.zst")))
				.as("the original archive and the safety snapshot, side by side").hasSize(2);
		}
	}

	@Test
	void missingArchivesAndAppsAreUsageErrors(CapturedOutput output) throws Exception {
		Path empty = Files.createDirectories(this.temp.resolve("usb"));
		assertThat(MamoriCli.run("restore", "--dir", empty.toString(), "--app", "ecm", "--latest", "--to-original",
				"--yes")).isEqualTo(2);
		assertThat(output.getErr()).contains("no archive of app 'ecm' in " + empty);
		assertThat(MamoriCli.run("restore", "--dir", empty.toString(), "--app", "ecm", "--to-original")).isEqualTo(2);
		assertThat(output.getErr()).contains("--latest").contains("--snapshot");
	}

	private static void deleteTree(Path path) throws Exception {
		try (var files = Files.walk(path)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

}
