package dev.mamori.backup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each hostile archive is refused by extraction with a message naming the entry, changes nothing
 * outside the staging locations, and is called not intact by {@code verify} for the same reason;
 * a good archive of the same layout extracts byte-identical, links included.
 */
class HostileArchiveTests {

	@TempDir
	Path temp;

	Path usb;

	Path staging;

	Map<String, Path> targets;

	List<Path> canaries;

	@BeforeEach
	void fixture() throws IOException {
		this.usb = Files.createDirectories(this.temp.resolve("usb"));
		this.staging = Files.createDirectories(this.temp.resolve("srv/ecm/.restore-1"));
		this.targets = new LinkedHashMap<>();
		this.targets.put("files/uploads/", this.staging.resolve("uploads"));
		this.targets.put("config/env/.env", this.staging.resolve("env/.env"));
		this.targets.put("db/db.sqlite", this.staging.resolve("db.sqlite"));
		// Where the links of the hostile archives would lead an extractor that follows them.
		this.canaries = new ArrayList<>();
		for (String place : List.of("canary.txt", "outside/victim.txt", "srv/canary.txt", "srv/outside/victim.txt",
				"srv/ecm/canary.txt", "srv/ecm/outside/victim.txt", "srv/ecm/.restore-1/canary.txt",
				"srv/ecm/.restore-1/outside/victim.txt", "srv/ecm/.restore-1/evil.txt", "srv/ecm/evil.txt")) {
			Path canary = this.temp.resolve(place);
			Files.createDirectories(canary.getParent());
			Files.writeString(canary, "canary " + place + "\n");
			this.canaries.add(canary);
		}
	}

	@ParameterizedTest
	@EnumSource(value = HostileArchives.Case.class, names = "SETUID", mode = EnumSource.Mode.EXCLUDE)
	void extractionRefusesEachHostileArchiveNamingTheEntryAndTouchesNothingOutsideStaging(HostileArchives.Case hostile)
			throws Exception {
		Path archive = hostile.write(this.usb, HostileArchives.Layout.sample());
		Map<String, String> before = outsideStaging();

		ArchiveRefusedException refused = catchThrowableOfType(ArchiveRefusedException.class,
				() -> ArchiveExtractor.extract(archive, sidecar(archive), this.targets, null, (prefix) -> {
				}));

		assertThat(refused).as(hostile.name()).isNotNull();
		assertThat(refused.getMessage()).contains(hostile.named());
		assertThat(outsideStaging()).as("everything outside the staging locations").isEqualTo(before);
		for (Path canary : this.canaries) {
			assertThat(canary).hasContent("canary " + this.temp.relativize(canary) + "\n");
		}
		ArchiveVerifier.Verification verification = ArchiveVerifier.verify(archive, (n) -> {
		});
		assertThat(verification.intact()).isFalse();
		assertThat(verification.problems()).contains(refused.getMessage());
	}

	@Test
	void aSymlinkChainThatLeavesTheSourceIsRefusedAtTheLinkUnderALink() throws Exception {
		Path archive = HostileArchives.symlinkChain(this.usb, HostileArchives.Layout.sample());

		assertThatThrownBy(() -> extractAll(archive)).isInstanceOf(ArchiveRefusedException.class)
			.hasMessage("entry 'files/uploads/b/c' lies under the symbolic link 'files/uploads/b'");
		// Whatever was written before the refusal is a plain tree: no link exists in staging.
		assertThat(written()).noneMatch((path) -> Files.isSymbolicLink(path));
		assertThat(this.temp.resolve("srv/ecm/.restore-1/outside/victim.txt"))
			.hasContent("canary srv/ecm/.restore-1/outside/victim.txt\n");
	}

	@Test
	void aLinkThenAFileOfTheSameNameIsRefusedAsADuplicateBeforeAnythingIsWrittenThroughIt() throws Exception {
		Path archive = HostileArchives.linkThenFile(this.usb, HostileArchives.Layout.sample());

		assertThatThrownBy(() -> extractAll(archive)).isInstanceOf(ArchiveRefusedException.class)
			.hasMessage("entry 'files/uploads/escape' appears twice in the archive");
		assertThat(this.temp.resolve("srv/ecm/canary.txt")).hasContent("canary srv/ecm/canary.txt\n");
	}

	@Test
	void aDecompressionBombStopsAtTheDeclaredSizeWithoutWritingItsBytes() throws Exception {
		Path archive = HostileArchives.bombSmallDeclared(this.usb, HostileArchives.Layout.sample());
		assertThat(Files.size(archive)).as("1 GiB of zeros compressed").isLessThan(1 << 20);

		assertThatThrownBy(() -> extractAll(archive)).isInstanceOf(ArchiveRefusedException.class)
			.hasMessage("entry 'files/uploads/bomb.bin' is larger than the 1024 bytes the manifest declares");

		assertThat(this.staging.resolve("uploads/bomb.bin")).doesNotExist();
		// Refused from the entry's header, before a byte of it is decompressed or written.
		assertThat(sizeOf(written())).as("bytes written into staging").isLessThanOrEqualTo(64 * 1024);
	}

	@Test
	void aBombDeclaringHugeSizesIsRefusedByTheFreeSpaceCheckBeforeAnythingIsWritten() throws Exception {
		Path archive = HostileArchives.bombHugeDeclared(this.usb, HostileArchives.Layout.sample());

		assertThatThrownBy(() -> ArchiveExtractor.checkFreeSpace(sidecar(archive), this.targets, null))
			.isInstanceOf(ArchiveRefusedException.class)
			.hasMessageContaining("not enough free space on")
			.hasMessageContaining(this.staging.resolve("uploads").toString())
			.hasMessageContaining("the restore needs 1.1 PiB (1.0 PiB declared, plus a margin)")
			.hasMessageContaining("is free");
		assertThat(written()).isEmpty();
	}

	@Test
	void theFreeSpaceCheckAcceptsAnArchiveThatFitsAndCountsOnlySelectedEntries() throws Exception {
		Path archive = HostileArchives.bombHugeDeclared(this.usb, HostileArchives.Layout.sample());
		Manifest manifest = sidecar(archive);

		ArchiveExtractor.checkFreeSpace(manifest, this.targets, (name) -> !name.endsWith("bomb.bin"));
		ArchiveExtractor.checkFreeSpace(sidecar(HostileArchives.good(this.usb, HostileArchives.Layout.sample())),
				this.targets, null);
	}

	@Test
	void aSidecarThatDisagreesWithTheManifestInsideIsRefusedNamingTheField() throws Exception {
		Path archive = HostileArchives.sidecarLocationMismatch(this.usb, HostileArchives.Layout.sample());

		assertThatThrownBy(() -> extractAll(archive)).isInstanceOf(ArchiveRefusedException.class)
			.hasMessage("sidecar says location /elsewhere/uploads for source 'uploads', the archive says /srv/ecm/uploads");
	}

	@Test
	void aGoodArchiveExtractsByteIdenticalToTheSystemTarWithModesTimesAndLinksInside() throws Exception {
		Path archive = HostileArchives.good(this.usb, HostileArchives.Layout.sample());
		List<String> done = new ArrayList<>();

		ArchiveExtractor.Extraction extraction = ArchiveExtractor.extract(archive, sidecar(archive), this.targets, null,
				done::add);

		Path byHand = Files.createDirectories(this.temp.resolve("by-hand"));
		ArchiveFormatTests.run(byHand, "tar", "--zstd", "-xpf", archive.toString());
		// Directory times aside: tar creates links after setting them; Mamori sets them last.
		assertThat(tree(this.staging.resolve("uploads"), false)).isEqualTo(tree(byHand.resolve("files/uploads"), false));
		assertThat(tree(this.staging.resolve("env"), false)).isEqualTo(tree(byHand.resolve("config/env"), false));
		assertThat(this.staging.resolve("db.sqlite")).hasSameBinaryContentAs(byHand.resolve("db/db.sqlite"));
		assertThat(Files.getLastModifiedTime(this.staging.resolve("uploads/photos")).toInstant())
			.isEqualTo(HostileArchives.MTIME);
		assertThat(Files.getPosixFilePermissions(this.staging.resolve("env/.env")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		// The chain photos/current -> ../latest -> photos/p1.bin stays inside and works.
		assertThat(Files.readSymbolicLink(this.staging.resolve("uploads/latest"))).isEqualTo(Path.of("photos/p1.bin"));
		assertThat(this.staging.resolve("uploads/photos/current"))
			.hasContent(HostileArchives.TEXT.get("files/uploads/photos/p1.bin"));
		assertThat(done).containsExactlyInAnyOrder("config/env/.env", "db/db.sqlite");
		assertThat(extraction.entriesChecked()).isEqualTo(4);
		assertThat(extraction.manifest().app()).isEqualTo("ecm");
		assertThat(extraction.bytesWritten()).isEqualTo(sizeOf(written()));
		assertThat(ArchiveVerifier.verify(archive, (n) -> {
		}).problems()).isEmpty();
	}

	@Test
	void selectWritesOnlyTheSelectedEntriesButStillChecksTheWholeArchive() throws Exception {
		Path good = HostileArchives.good(this.usb, HostileArchives.Layout.sample());

		ArchiveExtractor.Extraction extraction = ArchiveExtractor.extract(good, sidecar(good), this.targets,
				"files/uploads/readme.txt"::equals, null);

		assertThat(written()).filteredOn((path) -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
			.containsExactly(this.staging.resolve("uploads/readme.txt"));
		assertThat(this.staging.resolve("uploads/readme.txt")).hasContent("uploads\n");
		assertThat(extraction.entriesChecked()).isEqualTo(4);
		assertThat(extraction.bytesWritten()).isEqualTo("uploads\n".length());

		// A mismatch in an entry that is not written still refuses the archive.
		Path hostile = HostileArchives.sidecarEntryMismatch(this.usb, HostileArchives.Layout.sample());
		Path elsewhere = this.temp.resolve("srv/ecm/.restore-2/env/.env");
		assertThatThrownBy(() -> ArchiveExtractor.extract(hostile, sidecar(hostile),
				Map.of("config/env/.env", elsewhere), "config/env/.env"::equals, null))
			.isInstanceOf(ArchiveRefusedException.class)
			.hasMessage("entry 'files/uploads/readme.txt' does not match its SHA-256 in the manifest");
	}

	@Test
	void setuidSetgidAndStickyBitsAreDroppedNotRefused() throws Exception {
		Path archive = HostileArchives.setuid(this.usb, HostileArchives.Layout.sample());

		ArchiveExtractor.extract(archive, sidecar(archive), this.targets, null, null);

		Path tool = this.staging.resolve("uploads/tool.sh");
		assertThat(tool).hasContent("#!/bin/sh\necho hi\n");
		assertThat((Integer) Files.getAttribute(tool, "unix:mode") & 07777).isEqualTo(0755);
		assertThat(ArchiveVerifier.verify(archive, (n) -> {
		}).intact()).isTrue();
	}

	@Test
	void theOldOverloadsCheckAgainstTheSidecarAndRefuseAnArchiveWithout() throws Exception {
		Path archive = HostileArchives.linkThenFile(this.usb, HostileArchives.Layout.sample());
		assertThatThrownBy(() -> ArchiveExtractor.extract(archive, Map.of("files/uploads/", this.staging.resolve("u"))))
			.isInstanceOf(ArchiveRefusedException.class)
			.hasMessageContaining("files/uploads/escape");

		Path good = HostileArchives.good(this.usb, HostileArchives.Layout.sample());
		Files.delete(ArchiveFiles.manifestOf(good));
		assertThatThrownBy(() -> ArchiveExtractor.extract(good, Map.of("files/uploads/", this.staging.resolve("v"))))
			.isInstanceOf(ArchiveRefusedException.class)
			.hasMessageContaining("has no sidecar manifest");
	}

	@Test
	void aStagingLocationThatAlreadyHoldsALinkIsNeverWrittenThrough() throws Exception {
		Path good = HostileArchives.good(this.usb, HostileArchives.Layout.sample());
		Path uploads = Files.createDirectories(this.staging.resolve("uploads"));
		Files.createSymbolicLink(uploads.resolve("photos"), this.temp.resolve("outside"));

		assertThatThrownBy(() -> extractAll(good)).isInstanceOf(ArchiveRefusedException.class)
			.hasMessageContaining("entry 'files/uploads/photos/' would be written through");
		assertThat(this.temp.resolve("outside")).isDirectoryNotContaining((p) -> !p.endsWith("victim.txt"));
	}

	/** The whole temporary directory except what the extractor may write: the staging locations. */
	private Map<String, String> outsideStaging() throws IOException {
		Map<String, String> tree = tree(this.temp, false);
		// The parents of a staging location may be created; nothing may be put beside it.
		tree.entrySet().removeIf((entry) -> this.targets.values().stream().map(this.temp::relativize)
			.anyMatch((target) -> Path.of(entry.getKey()).startsWith(target)
					|| (target.startsWith(entry.getKey()) && entry.getValue().startsWith("dir"))));
		return tree;
	}

	private void extractAll(Path archive) throws IOException {
		ArchiveExtractor.extract(archive, sidecar(archive), this.targets, null, null);
	}

	static Manifest sidecar(Path archive) throws IOException {
		return ArchiveJson.read(ArchiveFiles.manifestOf(archive));
	}

	/**
	 * Every path under {@code root} (links not followed) with what it is: a file's mode, time and
	 * SHA-256, a directory's mode (and time below the root, when asked), a link's target.
	 */
	static Map<String, String> tree(Path root) throws IOException {
		return tree(root, true);
	}

	static Map<String, String> tree(Path root, boolean directoryTimes) throws IOException {
		Map<String, String> tree = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.toList()) {
				String relative = root.relativize(path).toString();
				if (Files.isSymbolicLink(path)) {
					tree.put(relative, "link " + Files.readSymbolicLink(path));
				}
				else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
					tree.put(relative, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
							+ ((directoryTimes && !relative.isEmpty()) ? " " + Files.getLastModifiedTime(path) : ""));
				}
				else {
					tree.put(relative, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + " "
							+ Files.getLastModifiedTime(path) + " "
							+ HexFormat.of().formatHex(HostileArchives.sha256(Files.readAllBytes(path))));
				}
			}
		}
		return tree;
	}

	/** Everything in the staging locations. */
	private List<Path> written() throws IOException {
		List<Path> written = new ArrayList<>();
		for (Path target : this.targets.values()) {
			if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				try (Stream<Path> paths = Files.walk(target)) {
					written.addAll(paths.toList());
				}
			}
		}
		return written;
	}

	private static long sizeOf(List<Path> paths) throws IOException {
		long size = 0;
		for (Path path : paths) {
			if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
				size += Files.size(path);
			}
		}
		return size;
	}

}
