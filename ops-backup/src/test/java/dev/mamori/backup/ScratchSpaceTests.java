package dev.mamori.backup;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.mamori.core.LeaseOwners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchSpaceTests {

	@TempDir
	Path work;

	@Test
	void theSweepRemovesWhatAStoppedProcessLeftAndKeepsWhatRunningOnesUse() throws Exception {
		Process child = new ProcessBuilder("sleep", "30").start();
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		String host = LeaseOwners.THIS_PROCESS.split(":")[0];
		try {
			Path mine = ScratchSpace.forThisProcess(this.work);
			Files.writeString(mine.resolve("sqlite-db-1.sqlite"), "copy in progress");
			Path running = this.work.resolve("proc-" + child.pid() + "@" + host);
			Files.createDirectories(running.resolve("nested"));
			Files.writeString(running.resolve("nested/pgdump-db-2.pgdump"), "dump in progress");
			Path dead = this.work.resolve("proc-" + gone.pid() + "@" + host);
			Files.createDirectories(dead.resolve("nested"));
			Files.writeString(dead.resolve("sqlite-db-3.sqlite"), "left by a kill");
			Files.writeString(dead.resolve("nested/sqlite-db-3.sqlite-journal"), "left by a kill");
			Path otherHost = this.work.resolve("proc-" + gone.pid() + "@another-host");
			Files.createDirectories(otherHost);
			Path unrelated = this.work.resolve("keep-me");
			Files.createDirectories(unrelated);

			assertThat(ScratchSpace.sweep(this.work)).isEqualTo(1);

			assertThat(dead).doesNotExist();
			assertThat(mine.resolve("sqlite-db-1.sqlite")).hasContent("copy in progress");
			assertThat(running.resolve("nested/pgdump-db-2.pgdump")).hasContent("dump in progress");
			assertThat(otherHost).as("a process of another host (shared drive) is not judged from here").isDirectory();
			assertThat(unrelated).isDirectory();
		}
		finally {
			child.destroyForcibly();
		}
	}

	@Test
	void aMissingWorkDirectoryIsNothingToSweep() {
		assertThat(ScratchSpace.sweep(this.work.resolve("missing"))).isZero();
		assertThat(ScratchSpace.owner("proc-12@host.example")).isEqualTo("host.example:12");
		assertThat(ScratchSpace.owner("pgdump-db-1")).isNull();
	}

}
