package dev.mamori.backup.archive;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links are judged by where the kernel would take them through the archive's other links, not by
 * their text; names and types outside what Mamori writes are refused.
 */
class EntrySafetyTests {

	@Test
	void aChainThatLooksHarmlessAsTextIsFollowedOutOfItsSource() {
		Map<String, String> links = links("files/u/a", ".", "files/u/b", "a/..");

		assertThat(EntrySafety.linkProblem("files/u/a", links, "files/u")).isNull();
		assertThat(EntrySafety.linkProblem("files/u/b", links, "files/u"))
			.isEqualTo("symbolic link 'files/u/b' -> 'a/..' leads outside its source 'files/u'");
	}

	@Test
	void aChainThatStaysInsideIsAcceptedEvenThroughParentDirectories() {
		Map<String, String> links = links("files/u/latest", "photos/p1.bin", "files/u/photos/current", "../latest",
				"files/u/d/e/up", "../../photos/./current");

		assertThat(EntrySafety.linkProblem("files/u/photos/current", links, "files/u")).isNull();
		assertThat(EntrySafety.linkProblem("files/u/d/e/up", links, "files/u")).isNull();
	}

	@Test
	void aLoopIsRefusedAfterFortyHops() {
		Map<String, String> links = links("files/u/x", "y", "files/u/y", "x");

		assertThat(EntrySafety.linkProblem("files/u/x", links, "files/u"))
			.isEqualTo("symbolic link 'files/u/x' goes through more than 40 links");
	}

	@Test
	void aStepOutsideIsRefusedEvenWhenThePathComesBackIn() {
		// '../u/x' ends inside files/u, but while staging it would pass through the live parent.
		assertThat(EntrySafety.linkProblem("files/u/l", links("files/u/l", "../u/x"), "files/u"))
			.contains("leads outside its source");
	}

	@Test
	void namesAndTypesMamoriNeverWritesAreRefused() {
		assertThat(EntrySafety.problem(new TarArchiveEntry("files/u//x"))).contains("empty or '.' path segment");
		assertThat(EntrySafety.problem(new TarArchiveEntry("files/u/./x"))).contains("empty or '.' path segment");
		assertThat(EntrySafety.problem(new TarArchiveEntry("files/u/a\\b"))).contains("malformed name");
		assertThat(EntrySafety.problem(new TarArchiveEntry("etc/passwd"))).contains("outside the archive layout");
		assertThat(EntrySafety.problem(new TarArchiveEntry("config/env/sub/.env"))).contains("outside the archive layout");
		TarArchiveEntry block = new TarArchiveEntry("files/u/sda", TarConstants.LF_BLK);
		assertThat(EntrySafety.problem(block)).isEqualTo("entry 'files/u/sda' is a device file, which Mamori never writes");
		TarArchiveEntry absolute = new TarArchiveEntry("files/u/l", TarConstants.LF_SYMLINK);
		absolute.setLinkName("/etc/passwd");
		assertThat(EntrySafety.problem(absolute)).isEqualTo("symbolic link 'files/u/l' points to the absolute path '/etc/passwd'");
		assertThat(EntrySafety.problem(new TarArchiveEntry("files/u/ok.txt"))).isNull();
		assertThat(EntrySafety.problem(new TarArchiveEntry("files/u/"))).isNull();
	}

	private static Map<String, String> links(String... pairs) {
		Map<String, String> links = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			links.put(pairs[i], pairs[i + 1]);
		}
		return links;
	}

}
