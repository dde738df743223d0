package dev.mamori.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mamori.MamoriApplication;
import dev.mamori.cli.MamoriCli;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Checksums;
import dev.mamori.support.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disaster-recovery procedure of docs/operations.md, run as written (only the host paths moved
 * under a temporary "spare machine" root and {@code java -jar mamori.jar} pointed at the build): it
 * restores the data from nothing but the USB-like directory. The Japanese guide has the same
 * commands.
 */
class DisasterRecoveryDocTests {

	@TempDir
	Path temp;

	@Test
	void theOperationsGuidesProcedureRestoresTheAppOnASpareMachine() throws Exception {
		Path root = this.temp.resolve("host");
		Path backend = Files.createDirectories(root.resolve("home/pi/ecm/backend"));
		Path usb = Files.createDirectories(root.resolve("mnt/usb_backup/ecm"));
		AppFixture fixture = AppFixture.create(this.temp.resolve("fixture"), 321);
		Files.copy(fixture.database, backend.resolve("master.db"));
		copyTree(fixture.uploads, backend.resolve("data"));
		Files.copy(fixture.env, backend.resolve(".env"));
		Map<String, String> data = Checksums.tree(backend.resolve("data"));
		String env = Files.readString(backend.resolve(".env"));

		// The old machine backs up to the drive.
		Path config = Files.writeString(this.temp.resolve("mamori.yml"), """
				mamori:
				  data-dir: %s
				  apps:
				    ecm:
				      sources:
				        - { id: db, type: sqlite, path: %s }
				        - { id: data, type: directory, path: %s }
				        - { id: env, type: file, path: %s }
				      backup:
				        destination: %s
				""".formatted(this.temp.resolve("old-state"), backend.resolve("master.db"), backend.resolve("data"),
				backend.resolve(".env"), usb));
		assertThat(MamoriCli.run("backup", "--app", "ecm", "--config", config.toString())).isZero();

		// It dies: Mamori's state and the app's data are gone; the spare machine has the app's code only.
		deleteTree(this.temp.resolve("old-state"));
		deleteTree(backend);
		Files.createDirectories(backend);

		String procedure = procedure(Path.of("../docs/operations.md"));
		assertThat(commands(Path.of("../docs/operations.ja.md"))).as("the Japanese guide runs the same commands")
			.isEqualTo(commands(Path.of("../docs/operations.md")));
		String script = procedure.replace("java -jar mamori.jar", "mamori")
			.replace("/mnt/usb_backup", root.resolve("mnt/usb_backup").toString())
			.replace("/home/pi", root.resolve("home/pi").toString());
		String prelude = "mamori() { java -Xmx256m -cp '" + System.getProperty("java.class.path") + "' "
				+ MamoriApplication.class.getName() + " \"$@\"; }\n";
		Path spare = Files.createDirectories(this.temp.resolve("spare-machine"));
		Shell.Result run = Shell.run(spare, "bash", "-euo", "pipefail", "-c", prelude + script);
		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).contains("ecm_").contains("SUCCEEDED").endsWith("ok\n");

		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + backend.resolve("master.db"));
				ResultSet rows = connection.createStatement().executeQuery("select count(*) from items")) {
			rows.next();
			assertThat(rows.getLong(1)).isEqualTo(321);
		}
		assertThat(Checksums.tree(backend.resolve("data"))).isEqualTo(data);
		assertThat(Files.readString(backend.resolve(".env"))).isEqualTo(env);
	}

	static String procedure(Path guide) throws IOException {
		String text = Files.readString(guide);
		String block = text.substring(text.indexOf("<!-- dr-procedure:start -->"), text.indexOf("<!-- dr-procedure:end -->"));
		return block.substring(block.indexOf("```sh") + 5, block.lastIndexOf("```"));
	}

	static List<String> commands(Path guide) throws IOException {
		return procedure(guide).lines().filter((l) -> !l.isBlank() && !l.startsWith("#")).toList();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	private static void deleteTree(Path path) throws IOException {
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

}
