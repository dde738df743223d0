package dev.mamori.backup.archive;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.mamori.backup.source.DirectorySourceWriter;
import dev.mamori.backup.source.FileSourceWriter;
import dev.mamori.backup.source.Source;
import dev.mamori.backup.source.SourceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archives written by Mamori open by hand with the system's {@code tar --zstd} and
 * {@code sha256sum}, byte for byte, and a single flipped byte is caught and named.
 */
class ArchiveFormatTests {

	@TempDir
	Path temp;

	Path uploads;

	Path env;

	Path destination;

	@BeforeEach
	void fixture() throws IOException {
		this.uploads = Files.createDirectories(this.temp.resolve("app/uploads"));
		Random random = new Random(42);
		for (int i = 0; i < 30; i++) {
			Path dir = Files.createDirectories(this.uploads.resolve("d" + (i % 4)));
			byte[] bytes = new byte[1000 + random.nextInt(200_000)];
			random.nextBytes(bytes);
			Files.write(dir.resolve("img-" + i + ".bin"), bytes);
			Files.writeString(dir.resolve("note-" + i + ".json"), "{\"n\":" + i + ",\"text\":\"" + "x".repeat(i * 100) + "\"}");
		}
		Files.writeString(this.uploads.resolve("日本語のファイル名.txt"), "こんにちは");
		Path deep = Files.createDirectories(this.uploads.resolve("a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(60)));
		Files.writeString(deep.resolve("long-path.txt"), "deep");
		Files.createDirectories(this.uploads.resolve("empty-dir"));
		Files.writeString(this.uploads.resolve("skip.tmp"), "temporary");
		Files.createDirectories(this.uploads.resolve("cache"));
		Files.writeString(this.uploads.resolve("cache/big.cache"), "cached");
		Files.createSymbolicLink(this.uploads.resolve("latest.json"), Path.of("d0/note-0.json"));
		Path secret = this.uploads.resolve("private.key");
		Files.writeString(secret, "key");
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
		this.env = Files.writeString(this.temp.resolve("app/.env"), "SECRET=1\n");
		this.destination = Files.createDirectories(this.temp.resolve("usb"));
	}

	@Test
	void systemTarExtractsByteIdenticalFilesAndSha256sumAcceptsTheManifest() throws Exception {
		ArchiveWriter.Written written = write();
		assertThat(written.path().getFileName().toString()).isEqualTo("ecm_20261123_030000.tar.zst");
		assertThat(Files.exists(ArchiveFiles.manifestOf(written.path()))).isTrue();
		assertThat(Files.list(this.destination)).noneMatch((p) -> p.toString().endsWith(".partial"));

		assertThat(run(this.destination, "sha256sum", "-c", written.path().getFileName() + ".sha256")).contains(": OK");

		Path out = Files.createDirectories(this.temp.resolve("by-hand"));
		run(out, "tar", "--zstd", "-xf", written.path().toString());
		Path extracted = out.resolve("files/uploads");
		try (var files = Files.walk(this.uploads)) {
			for (Path original : files.filter(Files::isRegularFile).toList()) {
				String relative = this.uploads.relativize(original).toString();
				if (relative.endsWith(".tmp") || relative.startsWith("cache/")) {
					assertThat(extracted.resolve(relative)).as("excluded " + relative).doesNotExist();
					continue;
				}
				assertThat(extracted.resolve(relative)).as(relative).hasSameBinaryContentAs(original);
			}
		}
		assertThat(Files.readSymbolicLink(extracted.resolve("latest.json"))).isEqualTo(Path.of("d0/note-0.json"));
		assertThat(Files.getPosixFilePermissions(extracted.resolve("private.key")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(extracted.resolve("empty-dir")).isDirectory();
		assertThat(out.resolve("config/env/.env")).hasSameBinaryContentAs(this.env);

		// Every manifest entry checks out with sha256sum in the extracted tree.
		List<String> lines = new ArrayList<>();
		for (Manifest.Entry entry : written.manifest().entries()) {
			lines.add(entry.sha256() + "  " + entry.path());
		}
		Files.write(out.resolve("entries.sha256"), lines, StandardCharsets.UTF_8);
		String check = run(out, "sha256sum", "-c", "entries.sha256");
		assertThat(check).doesNotContain("FAILED");
		assertThat(check.lines().filter((l) -> l.endsWith(": OK")).count()).isEqualTo(written.manifest().entries().size());
	}

	@Test
	void verifyAcceptsAnIntactArchive() throws Exception {
		ArchiveWriter.Written written = write();
		ArchiveVerifier.Verification verification = ArchiveVerifier.verify(written.path(), (n) -> {
		});
		assertThat(verification.problems()).isEmpty();
		assertThat(verification.intact()).isTrue();
		assertThat(verification.entriesChecked()).isEqualTo(written.manifest().entries().size());
		assertThat(verification.manifest().app()).isEqualTo("ecm");
	}

	@Test
	void oneCorruptedByteIsReportedNamingTheEntry() throws Exception {
		ArchiveWriter.Written written = write();
		try (RandomAccessFile file = new RandomAccessFile(written.path().toFile(), "rw")) {
			long position = file.length() / 3;
			file.seek(position);
			int b = file.read();
			file.seek(position);
			file.write(b ^ 0x5a);
		}
		ArchiveVerifier.Verification verification = ArchiveVerifier.verify(written.path(), (n) -> {
		});
		assertThat(verification.intact()).isFalse();
		assertThat(verification.problems()).anySatisfy((p) -> assertThat(p).containsPattern("entry '(files|config|db)/"));
	}

	@Test
	void anAbandonedWriterLeavesNoPartialFile() throws Exception {
		Path target = this.destination.resolve("ecm_20261123_040000.tar.zst");
		try (ArchiveWriter writer = ArchiveWriter.create(target, 3, 0)) {
			writer.addFile("config/env/.env", this.env, (n) -> {
			});
			assertThat(writer.partialFile()).exists();
		}
		assertThat(Files.list(this.destination)).isEmpty();
	}

	@Test
	void namesCountUpOnCollision() throws Exception {
		ArchiveWriter.Written first = write();
		String next = ArchiveFiles.nextName(this.destination, "ecm", java.time.LocalDateTime.of(2026, 11, 23, 3, 0, 0));
		assertThat(first.path().getFileName().toString()).isEqualTo("ecm_20261123_030000.tar.zst");
		assertThat(next).isEqualTo("ecm_20261123_030000_2.tar.zst");
	}

	private ArchiveWriter.Written write() throws Exception {
		String name = ArchiveFiles.nextName(this.destination, "ecm", java.time.LocalDateTime.of(2026, 11, 23, 3, 0, 0));
		Path target = this.destination.resolve(name);
		Source dir = new Source("uploads", SourceType.DIRECTORY, this.uploads, null, null, null, List.of(),
				List.of("*.tmp", "cache/**"), false);
		Source file = new Source("env", SourceType.FILE, this.env, null, null, null, List.of(), List.of(), false);
		try (ArchiveWriter writer = ArchiveWriter.create(target, 3, 2)) {
			List<Manifest.SourceInfo> infos = List.of(
					new DirectorySourceWriter().write(dir, writer, this.temp, (n) -> {
					}), new FileSourceWriter().write(file, writer, this.temp, (n) -> {
					}));
			return writer.finish(new Manifest(Manifest.FORMAT, "ecm", "ECM", Instant.now(), "UTC", "pi", "test",
					List.of(), Map.of(), infos, List.of()));
		}
	}

	static String run(Path dir, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
		return output;
	}


	@Test
	void aNameKnownElsewhereIsNotReusedForANewArchive() throws Exception {
		java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("names");
		java.time.LocalDateTime at = java.time.LocalDateTime.of(2026, 12, 2, 3, 8, 39);
		org.assertj.core.api.Assertions.assertThat(ArchiveFiles.nextName(dir, "ecm", at, (n) -> false))
			.isEqualTo("ecm_20261202_030839.tar.zst");
		// The catalog (or a target) still holds an archive of that name whose file left the drive.
		org.assertj.core.api.Assertions
			.assertThat(ArchiveFiles.nextName(dir, "ecm", at, (n) -> n.equals("ecm_20261202_030839.tar.zst")))
			.isEqualTo("ecm_20261202_030839_2.tar.zst");
	}

}
