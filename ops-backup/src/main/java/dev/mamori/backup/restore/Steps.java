package dev.mamori.backup.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.mamori.backup.archive.ArchiveRefusedException;
import dev.mamori.backup.source.SourceException;
import dev.mamori.core.command.CommandResult;

/**
 * How one step of a restore is run and told: started, then ended SUCCEEDED, SKIPPED (a message
 * starting with {@code skipped:}) or FAILED with a sentence a person can act on. Also the service
 * commands, the health check and the fault-injection points of the crash tests.
 */
final class Steps {

	private final RestoreListener listener;

	private final RestoreEngine.ServiceCommands commands;

	private final HealthProbe health;

	private final Path markers;

	Steps(RestoreListener listener, RestoreEngine.ServiceCommands commands, HealthProbe health, Path markers) {
		this.listener = listener;
		this.commands = commands;
		this.health = health;
		this.markers = markers;
	}

	void step(String name, Body body) throws Failure {
		this.listener.stepStarted(name);
		String message;
		try {
			message = body.run();
		}
		catch (Failure ex) {
			this.listener.stepEnded(name, "FAILED", ex.getMessage());
			throw ex;
		}
		catch (IOException | SourceException | RuntimeException ex) {
			String text = (ex instanceof ArchiveRefusedException) ? "archive is not intact: " + ex.getMessage()
					: (ex instanceof SourceException) ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
			this.listener.stepEnded(name, "FAILED", text);
			throw new Failure(name + " failed: " + text);
		}
		this.listener.stepEnded(name, (message != null && message.startsWith("skipped:")) ? "SKIPPED" : "SUCCEEDED",
				message);
	}

	void command(String name, String commandId) throws Failure {
		step(name, () -> {
			if (commandId == null) {
				return "skipped: no command declared for the app";
			}
			CommandResult result = this.commands.run(commandId);
			if (!result.succeeded()) {
				throw new Failure(result.summary() + ": " + result.outputTail().strip());
			}
			return result.summary() + " in " + result.duration().toMillis() + " ms";
		});
	}

	/**
	 * @param url the health URL, or {@code null}
	 * @return the URL when it answered, {@code null} when there is none
	 */
	String health(String url) throws Failure {
		String[] answered = { null };
		step("HEALTH_CHECK", () -> {
			if (url == null || url.isBlank()) {
				return "skipped: no health-url declared for the app";
			}
			try {
				String problem = this.health.problem(url, this.health.attempts());
				if (problem != null) {
					throw new Failure(url + " not healthy after " + this.health.attempts() + " attempts (last: " + problem + ")");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new Failure("interrupted while checking health");
			}
			answered[0] = url;
			return url + " answered 2xx";
		});
		return answered[0];
	}

	/**
	 * A fault-injection point for the crash tests: with the system property
	 * {@code dev.mamori.restore.pause-at} equal to the point's name (such as {@code SWAP:1}), the run
	 * writes a marker file into the journal directory and waits there, so a test can kill the
	 * process at exactly that moment. Without the property it costs one property lookup.
	 * @param point the point's name
	 */
	void pause(String point) {
		String wanted = System.getProperty("dev.mamori.restore.pause-at");
		if (wanted == null || !wanted.equals(point)) {
			return;
		}
		try {
			Files.writeString(this.markers.resolve("paused-at-" + point.replace(':', '-')), point);
			Thread.sleep(120_000);
		}
		catch (IOException ex) {
			// No marker, no pause.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A step's work. */
	@FunctionalInterface
	interface Body {

		String run() throws Failure, IOException, SourceException;

	}

	/** A step did not work; its message is what the run records. */
	static final class Failure extends Exception {

		Failure(String message) {
			super(message);
		}

	}

}
