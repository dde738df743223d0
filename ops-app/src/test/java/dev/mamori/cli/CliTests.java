package dev.mamori.cli;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.source.FileSourceWriter;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disaster-recovery commands work on a bare directory, with no database and no server.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliTests {

	@TempDir
	Path temp;

	@Test
	void snapshotsListsNewestFirstWithTagsAndChecksumState(CapturedOutput output) throws Exception {
		write("ecm_20261120_030000.tar.zst", "ecm", Instant.parse("2026-11-20T03:00:00Z"));
		write("ecm_20261122_030000.tar.zst", "ecm", Instant.parse("2026-11-22T03:00:00Z"), "pre-restore");
		write("ecm_20261121_030000.tar.zst", "ecm", Instant.parse("2026-11-21T03:00:00Z"));
		Files.delete(this.temp.resolve("ecm_20261121_030000.tar.zst.sha256"));
		assertThat(MamoriCli.run("snapshots", "--dir", this.temp.toString())).isZero();
		List<String> rows = output.getOut().lines().filter((l) -> l.startsWith("ecm_")).toList();
		assertThat(rows).hasSize(3);
		assertThat(rows.get(0)).startsWith("ecm_20261122_030000.tar.zst").endsWith("[pre-restore]");
		assertThat(rows.get(1)).startsWith("ecm_20261121_030000.tar.zst").endsWith("(no checksum)");
		assertThat(rows.get(2)).startsWith("ecm_20261120_030000.tar.zst").endsWith("env:file");
	}

	@Test
	void snapshotsAsJsonForScripts(CapturedOutput output) throws Exception {
		write("ecm_20261120_030000.tar.zst", "ecm", Instant.parse("2026-11-20T03:00:00Z"));
		write("ecm_20261122_030000.tar.zst", "ecm", Instant.parse("2026-11-22T03:00:00Z"), "pre-restore");
		assertThat(MamoriCli.run("snapshots", "--dir", this.temp.toString(), "--json")).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(output.getOut());
		assertThat(json.isArray()).isTrue();
		assertThat(json).hasSize(2);
		JsonNode newest = json.get(0);
		assertThat(newest.get("archive").asString()).isEqualTo("ecm_20261122_030000.tar.zst");
		assertThat(newest.get("app").asString()).isEqualTo("ecm");
		assertThat(newest.get("createdAt").asString()).isEqualTo("2026-11-22T03:00:00Z");
		assertThat(newest.get("size").asLong()).isEqualTo(Files.size(this.temp.resolve("ecm_20261122_030000.tar.zst")));
		assertThat(newest.get("sources").get(0).get("id").asString()).isEqualTo("env");
		assertThat(newest.get("sources").get(0).get("type").asString()).isEqualTo("file");
		assertThat(newest.get("tags").get(0).asString()).isEqualTo("pre-restore");
		assertThat(newest.get("sha256").asString()).hasSize(64);
		assertThat(json.get(1).get("tags")).isEmpty();
	}

	@Test
	void emptyDirectoryAsJsonIsAnEmptyArray(CapturedOutput output) {
		assertThat(MamoriCli.run("snapshots", "--dir", this.temp.toString(), "--json")).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(output.getOut());
		assertThat(json.isArray()).isTrue();
		assertThat(json).isEmpty();
	}

	@Test
	void snapshotsListsArchivesFromTheirSidecars(CapturedOutput output) throws Exception {
		write("ecm_20261120_030000.tar.zst", "ecm");
		write("mks_20261121_030000.tar.zst", "mks");
		Files.writeString(this.temp.resolve("stray_20261122_030000.tar.zst.partial"), "half");
		assertThat(MamoriCli.run("snapshots", "--dir", this.temp.toString())).isZero();
		assertThat(output.getOut()).contains("ecm_20261120_030000.tar.zst").contains("mks_20261121_030000.tar.zst")
			.doesNotContain("stray");
		assertThat(MamoriCli.run("snapshots", "--dir", this.temp.toString(), "--app", "mks")).isZero();
		assertThat(output.getOut().lines().filter((l) -> l.startsWith("ecm_")).count()).isEqualTo(1);
	}

	@Test
	void verifyExitsZeroForAGoodArchiveAndOneNamingTheProblemForACorruptOne(CapturedOutput output) throws Exception {
		Path archive = write("ecm_20261120_030000.tar.zst", "ecm");
		assertThat(MamoriCli.run("verify", archive.toString())).isZero();
		assertThat(output.getOut()).contains("GOOD: ecm_20261120_030000.tar.zst, 1 entries checked");

		try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
			file.seek(file.length() / 2);
			int b = file.read();
			file.seek(file.length() / 2);
			file.write(b ^ 0xff);
		}
		assertThat(MamoriCli.run("verify", archive.toString())).isEqualTo(1);
		assertThat(output.getErr()).contains("mamori: CORRUPT:");
	}

	@Test
	void missingInputsAreUsageErrorsWithAOneLineReason(CapturedOutput output) {
		assertThat(MamoriCli.run("verify", this.temp.resolve("nope.tar.zst").toString())).isEqualTo(2);
		assertThat(output.getErr()).contains("mamori: ").contains("nope.tar.zst does not exist");
		assertThat(MamoriCli.run("snapshots", "--dir", this.temp.resolve("unplugged").toString())).isEqualTo(2);
		assertThat(output.getErr()).contains("unplugged is not a directory");
		assertThat(MamoriCli.run("snapshots")).isEqualTo(2);
		assertThat(output.getErr()).contains("Missing required option: '--dir");
	}

	private Path write(String name, String app) throws Exception {
		return write(name, app, Instant.parse("2026-11-20T03:00:00Z"));
	}

	private Path write(String name, String app, Instant createdAt, String... tags) throws Exception {
		Path env = Files.writeString(this.temp.resolve(app + ".env"), "KEY=" + app + "\n".repeat(2000));
		Path target = this.temp.resolve(name);
		try (ArchiveWriter writer = ArchiveWriter.create(target, 3, 0)) {
			Manifest.SourceInfo info = new FileSourceWriter().write(
					new Source("env", SourceType.FILE, env, null, null, null, List.of(), List.of(), false), writer,
					this.temp, (n) -> {
					});
			writer.finish(new Manifest(Manifest.FORMAT, app, app, createdAt, "UTC", "pi", "test", List.of(tags), Map.of(),
					List.of(info), List.of()));
		}
		return target;
	}

}
