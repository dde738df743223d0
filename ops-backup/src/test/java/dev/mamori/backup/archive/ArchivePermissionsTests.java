package dev.mamori.backup.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.ArchivePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Archives carry the app's database and .env: the archive, its partial file while it is written and
 * its sidecars are readable by the owner only ({@code 0600}), or by a configured group ({@code 0640}),
 * whatever the umask and whatever a stale temporary file left behind.
 */
class ArchivePermissionsTests {

	@TempDir
	Path temp;

	@Test
	void archivePartialAndSidecarsAreOwnerOnly() throws Exception {
		Path env = Files.writeString(this.temp.resolve("env"), "DB_PASSWORD=secret\n");
		Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-rw-rw-"));
		Path destination = Files.createDirectories(this.temp.resolve("usb"));
		Path target = destination.resolve("ecm_20261201_030000.tar.zst");
		// A stale temporary sidecar from a killed run, world-readable: it must not pass its mode on.
		Path staleTemp = Files.writeString(destination.resolve(target.getFileName() + ArchiveFiles.MANIFEST_SUFFIX + ".tmp"), "x");
		Files.setPosixFilePermissions(staleTemp, PosixFilePermissions.fromString("rw-rw-rw-"));
		ArchiveWriter.Written written;
		try (ArchiveWriter writer = ArchiveWriter.create(target, 3, 0)) {
			assertThat(mode(writer.partialFile())).as("the partial file from its creation").isEqualTo("rw-------");
			writer.addFile("config/env/.env", env, (n) -> {
			});
			written = writer.finish(manifest());
		}
		assertThat(mode(written.path())).isEqualTo("rw-------");
		assertThat(mode(ArchiveFiles.manifestOf(written.path()))).isEqualTo("rw-------");
		assertThat(mode(ArchiveFiles.checksumOf(written.path()))).isEqualTo("rw-------");
		assertThat(staleTemp).doesNotExist();
	}

	@Test
	void aConfiguredGroupGetsReadAccessAndNothingMore() throws Exception {
		Path env = Files.writeString(this.temp.resolve("env"), "DB_PASSWORD=secret\n");
		String group = Files.readAttributes(this.temp, PosixFileAttributes.class).group().getName();
		ArchiveWriter.Written written;
		try (ArchiveWriter writer = ArchiveWriter.createNext(this.temp, "ecm", LocalDateTime.of(2026, 12, 1, 3, 0), 3, 0)) {
			writer.readableByGroup(new ArchivePermissions(group).group());
			writer.addFile("config/env/.env", env, (n) -> {
			});
			written = writer.finish(manifest());
		}
		for (Path file : List.of(written.path(), ArchiveFiles.manifestOf(written.path()),
				ArchiveFiles.checksumOf(written.path()))) {
			PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
			assertThat(PosixFilePermissions.toString(attributes.permissions())).as(file.toString()).isEqualTo("rw-r-----");
			assertThat(attributes.group().getName()).isEqualTo(group);
		}
	}

	@Test
	void anUnknownGroupIsRefusedWithItsName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ArchivePermissions("no-such-group-mamori"))
			.withMessageContaining("mamori.backup.files.group")
			.withMessageContaining("'no-such-group-mamori' does not exist");
		assertThat(new ArchivePermissions(" ").group()).isNull();
	}

	private static String mode(Path file) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
	}

	private static Manifest manifest() {
		return new Manifest(Manifest.FORMAT, "ecm", "ECM", Instant.now(), "UTC", "pi", "test", List.of(), Map.of(),
				List.of(), List.of());
	}

}
