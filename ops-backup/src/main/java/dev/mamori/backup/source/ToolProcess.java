package dev.mamori.backup.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a database tool (pg_dump, pg_restore) as an argv list with extra environment (passwords go
 * there, never on the command line) and keeps the tail of what it printed.
 */
public final class ToolProcess {

	private ToolProcess() {
	}

	/**
	 * @param argv program and arguments
	 * @param environment extra environment variables
	 * @param timeoutSeconds after this long the tool is killed
	 * @return exit code and output
	 * @throws IOException when the program cannot be started
	 */
	public static Result run(List<String> argv, Map<String, String> environment, long timeoutSeconds)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> tail(process.getInputStream()));
		try {
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, argv.get(0) + " timed out after " + timeoutSeconds + " s");
			}
			return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS).strip());
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException(argv.get(0) + " was interrupted", ex);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			return new Result(process.exitValue(), "");
		}
	}

	private static String tail(InputStream in) {
		try (in) {
			byte[] all = in.readAllBytes();
			int from = Math.max(0, all.length - 4000);
			return new String(all, from, all.length - from, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * @param exitCode the exit status, -1 on timeout
	 * @param output the tail of standard output and error
	 */
	public record Result(int exitCode, String output) {
	}

}
