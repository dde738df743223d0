package dev.mamori.backup.archive;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.age.AgeIdentity;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.age.NoMatchingIdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An archive written with age recipients: the file is an age file whose checksum file covers the
 * encrypted bytes, its sidecar is sealed, and it verifies and extracts with the identity (or the
 * writer's own keys) exactly like a plain one; without a matching identity, or damaged, it is refused
 * naming why. A plain archive stays in the plain format.
 */
class EncryptedArchiveTests {

	private static final AgeIdentity KEY = AgeIdentity.generate();

	@TempDir
	Path temp;

	@Test
	void anEncryptedArchiveVerifiesAndExtractsWithTheIdentityAndShowsNothingInClear() throws Exception {
		ArchiveWriter.Written written = write(this.temp.resolve("usb"), new ArchiveKeys(List.of(KEY.recipient()), AgeKeys.NONE));
		byte[] raw = Files.readAllBytes(written.path());
		assertThat(new String(raw, 0, 22, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1\n");
		assertThat(ArchiveFiles.readChecksum(written.path())).isEqualTo(sha256(written.path()));
		String sidecar = Files.readString(ArchiveFiles.manifestOf(written.path()));
		assertThat(sidecar).contains("\"sealed\"").doesNotContain(".env", "notes.txt", "rowCounts", "SECRET");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.path()))).isEqualTo("rw-------");

		// Listing needs no key; the whole manifest needs the identity.
		assertThat(ArchiveJson.read(ArchiveFiles.manifestOf(written.path())).createdAt()).isEqualTo(written.manifest().createdAt());
		Manifest full = ArchiveJson.readFull(ArchiveFiles.manifestOf(written.path()), AgeKeys.of(List.of(KEY)));
		assertThat(full.entries()).extracting(Manifest.Entry::path).containsExactly("config/env/.env", "files/notes/notes.txt");

		ArchiveVerifier.Verification verified = ArchiveVerifier.verify(written.path(), AgeKeys.of(List.of(KEY)), (n) -> {
		});
		assertThat(verified.problems()).isEmpty();
		assertThat(verified.intact()).isTrue();
		assertThat(verified.entriesChecked()).isEqualTo(2);
		// The process that wrote it reads it back with the keys it wrote it with, without an identity.
		assertThat(ArchiveVerifier.verify(written.path(), AgeKeys.NONE.with(written.fileKeys()), (n) -> {
		}).intact()).isTrue();

		Path out = this.temp.resolve("restored.env");
		ArchiveExtractor.extract(written.path(), full, Map.of("config/env/.env", out), null, null, AgeKeys.of(List.of(KEY)));
		assertThat(Files.readString(out)).isEqualTo("SECRET=abc\n");
	}

	@Test
	void withoutTheIdentityOrWithAnotherOneItIsRefusedNamingWhy() throws Exception {
		ArchiveWriter.Written written = write(this.temp.resolve("usb"), new ArchiveKeys(List.of(KEY.recipient()), AgeKeys.NONE));
		ArchiveVerifier.Verification none = ArchiveVerifier.verify(written.path(),
				AgeKeys.none("set mamori.apps.ecm.backup.encryption.identity-file"), (n) -> {
				});
		assertThat(none.intact()).isFalse();
		assertThat(none.problems()).singleElement().asString()
			.contains("is encrypted with age and no identity was given to open it")
			.contains("mamori.apps.ecm.backup.encryption.identity-file");
		AgeIdentity other = AgeIdentity.parse(AgeIdentity.generate().encode(), "/keys/other.txt");
		assertThatExceptionOfType(NoMatchingIdentityException.class)
			.isThrownBy(() -> ArchiveJson.readFull(ArchiveFiles.manifestOf(written.path()), AgeKeys.of(List.of(other))))
			.withMessageContaining("was not encrypted to the identity in /keys/other.txt");
		Path out = this.temp.resolve("restored.env");
		assertThatExceptionOfType(ArchiveRefusedException.class)
			.isThrownBy(() -> ArchiveExtractor.extract(written.path(), written.manifest(), Map.of("config/env/.env", out),
					null, null, AgeKeys.of(List.of(other))))
			.withMessageContaining("archive " + written.path().getFileName() + " was not encrypted to the identity in /keys/other.txt");
		assertThat(out).doesNotExist();
	}

	@Test
	void aDamagedOrCutEncryptedArchiveIsRefused() throws Exception {
		ArchiveWriter.Written written = write(this.temp.resolve("usb"), new ArchiveKeys(List.of(KEY.recipient()), AgeKeys.NONE));
		long size = Files.size(written.path());
		try (RandomAccessFile file = new RandomAccessFile(written.path().toFile(), "rw")) {
			file.seek(size - 20);
			int b = file.read();
			file.seek(size - 20);
			file.write(b ^ 0x40);
		}
		ArchiveVerifier.Verification damaged = ArchiveVerifier.verify(written.path(), AgeKeys.of(List.of(KEY)), (n) -> {
		});
		assertThat(damaged.intact()).isFalse();
		assertThat(String.join("; ", damaged.problems())).contains("fails authentication");
		try (RandomAccessFile file = new RandomAccessFile(written.path().toFile(), "rw")) {
			file.setLength(size / 2);
		}
		ArchiveVerifier.Verification cut = ArchiveVerifier.verify(written.path(), AgeKeys.of(List.of(KEY)), (n) -> {
		});
		assertThat(cut.intact()).isFalse();
		assertThat(String.join("; ", cut.problems())).containsAnyOf("fails authentication", "truncated");
	}

	@Test
	void withoutRecipientsTheArchiveStaysInThePlainFormat() throws Exception {
		ArchiveWriter.Written written = write(this.temp.resolve("usb"), ArchiveKeys.NONE);
		byte[] raw = Files.readAllBytes(written.path());
		// The zstd magic number, and a plain sidecar.
		assertThat(raw[0] & 0xff).isEqualTo(0x28);
		assertThat(raw[1] & 0xff).isEqualTo(0xb5);
		assertThat(Files.readString(ArchiveFiles.manifestOf(written.path()))).doesNotContain("sealed")
			.contains("config/env/.env");
		assertThat(written.fileKeys()).isEmpty();
		assertThat(ArchiveVerifier.verify(written.path(), (n) -> {
		}).intact()).isTrue();
	}

	private ArchiveWriter.Written write(Path destination, ArchiveKeys keys) throws Exception {
		Files.createDirectories(destination);
		Path env = Files.writeString(this.temp.resolve("env"), "SECRET=abc\n");
		Path notes = Files.writeString(this.temp.resolve("notes.txt"), "x".repeat(200_000));
		try (ArchiveWriter writer = ArchiveWriter.create(destination.resolve("ecm_20261201_030000.tar.zst"), 3, 0, keys)) {
			writer.addFile("config/env/.env", env, (n) -> {
			});
			writer.addFile("files/notes/notes.txt", notes, (n) -> {
			});
			return writer.finish(new Manifest(Manifest.FORMAT, "ecm", "ECM", Instant.parse("2026-12-01T03:00:00Z"), "UTC",
					"pi", "test", List.of(), Map.of(),
					List.of(new Manifest.SourceInfo("env", "file", "/srv/.env", "config/env/.env", null,
							Map.of(), 1, 11, List.of())),
					List.of()));
		}
	}

	private static String sha256(Path file) throws Exception {
		return java.util.HexFormat.of().formatHex(
				java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
	}

}
