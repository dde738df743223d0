package dev.mamori.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SHA-256 of every file in a tree, by relative path, computed with the system's sha256sum: what
 * "byte-identical" means in these tests.
 */
public final class Checksums {

	private Checksums() {
	}

	public static Map<String, String> tree(Path dir) throws IOException {
		Map<String, String> sums = new TreeMap<>();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				sums.put(dir.relativize(file).toString(), Shell.run(dir, "sha256sum", file.toString()).output().split(" ")[0]);
			}
		}
		return sums;
	}

}
