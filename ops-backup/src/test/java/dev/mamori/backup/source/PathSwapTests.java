package dev.mamori.backup.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The swap by rename never touches data an earlier run left moved aside (a fresh install restarts
 * run numbers: found by the restore benchmark, where run 3 met the aside copy of another run 3).
 */
class PathSwapTests {

	@TempDir
	Path temp;

	@Test
	void aLeftoverAsideCopyOfTheSameRunNumberIsNeitherOverwrittenNorMixedIn() throws Exception {
		Path live = Files.createDirectories(this.temp.resolve("uploads"));
		Files.writeString(live.resolve("a.txt"), "live");
		Path leftover = Files.createDirectories(this.temp.resolve(".uploads.mamori-aside-3"));
		Files.writeString(leftover.resolve("old.txt"), "an earlier install's previous data");

		Staging staging = PathSwap.stage("uploads", "directory", live, 3);
		assertThat(staging.asidePath()).isNotEqualTo(leftover);
		Files.createDirectories(staging.stagedPath());
		Files.writeString(staging.stagedPath().resolve("a.txt"), "restored");
		PathSwap.swap(staging, List.of());
		assertThat(Files.readString(live.resolve("a.txt"))).isEqualTo("restored");
		assertThat(Files.readString(staging.asidePath().resolve("a.txt"))).isEqualTo("live");

		PathSwap.undo(staging, List.of());
		assertThat(Files.readString(live.resolve("a.txt"))).isEqualTo("live");
		assertThat(leftover.resolve("old.txt")).hasContent("an earlier install's previous data");
		assertThat(leftover.resolve("a.txt")).doesNotExist();
	}

	@Test
	void anUndoInterruptedBetweenItsTwoRenamesFinishesTheSecondTime() throws Exception {
		Path live = Files.writeString(this.temp.resolve(".env"), "LIVE=1\n");
		Staging staging = PathSwap.stage("env", "file", live, 7);
		Files.writeString(staging.stagedPath(), "RESTORED=1\n");
		PathSwap.swap(staging, List.of());
		// The crash: the restored file already moved to the trash, the aside one not back yet.
		Files.move(live, Path.of(staging.aside().replace(".mamori-aside-", ".mamori-trash-")));
		PathSwap.undo(staging, List.of());
		PathSwap.undo(staging, List.of());
		assertThat(live).hasContent("LIVE=1\n");
		try (var files = Files.list(this.temp)) {
			assertThat(files.map((p) -> p.getFileName().toString())).containsExactly(".env");
		}
	}

}
