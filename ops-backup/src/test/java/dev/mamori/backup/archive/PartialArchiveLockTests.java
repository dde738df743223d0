package dev.mamori.backup.archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partial archive being written is locked, so the sweep for partials left by killed writers never
 * removes one in progress (found by the restore benchmark: the sweep removed a restore's pre-restore
 * archive while it was written); an orphan partial is not locked.
 */
class PartialArchiveLockTests {

	@TempDir
	Path temp;

	@Test
	void aPartialArchiveIsLockedWhileItIsWrittenAndAnOrphanIsNot() throws Exception {
		Path partial;
		try (ArchiveWriter writer = ArchiveWriter.createNext(this.temp, "ecm", LocalDateTime.of(2026, 12, 1, 3, 0), 3, 0)) {
			partial = writer.partialFile();
			assertThat(partial).exists();
			assertThat(ArchiveWriter.beingWritten(partial)).as("locked by its writer").isTrue();
		}
		assertThat(partial).as("an abandoned writer removes its partial").doesNotExist();
		Path orphan = Files.writeString(this.temp.resolve("ecm_20261201_020000.tar.zst.partial"), "left by a killed run");
		assertThat(ArchiveWriter.beingWritten(orphan)).as("nobody writes it").isFalse();
	}

	@Test
	void twoWritersInTheSameSecondGetTwoNames() throws Exception {
		LocalDateTime now = LocalDateTime.of(2026, 12, 1, 3, 0);
		try (ArchiveWriter first = ArchiveWriter.createNext(this.temp, "ecm", now, 3, 0);
				ArchiveWriter second = ArchiveWriter.createNext(this.temp, "ecm", now, 3, 0)) {
			assertThat(first.target()).isNotEqualTo(second.target());
			assertThat(second.target().getFileName().toString()).isEqualTo("ecm_20261201_030000_2.tar.zst");
		}
	}

}
