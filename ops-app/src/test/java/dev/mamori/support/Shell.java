package dev.mamori.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs a real system command (tar, sha256sum, pg_restore, chattr) the way a person would.
 */
public final class Shell {

	private Shell() {
	}

	/**
	 * @param dir working directory
	 * @param command argv
	 * @return exit code and output
	 */
	public static Result run(Path dir, String... command) {
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new Result(process.waitFor(), output);
		}
		catch (IOException ex) {
			return new Result(127, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param exit exit code
	 * @param output standard output and error
	 */
	public record Result(int exit, String output) {
	}

}
