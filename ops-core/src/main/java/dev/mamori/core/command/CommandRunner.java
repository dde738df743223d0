package dev.mamori.core.command;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Runs declared commands: argv lists, no shell, a timeout after which the whole process tree is
 * killed, and only the tail of the output kept.
 */
@Service
public class CommandRunner {

	private static final Logger logger = LoggerFactory.getLogger(CommandRunner.class);

	private static final int TAIL_BYTES = 4096;

	private final Map<String, CommandProperties.Command> commands;

	public CommandRunner(CommandProperties properties) {
		this.commands = properties.commands();
	}

	/**
	 * @return the ids of the declared commands
	 */
	public Set<String> ids() {
		return this.commands.keySet();
	}

	/**
	 * @param id a command id
	 * @return whether it is declared
	 */
	public boolean isDeclared(String id) {
		return this.commands.containsKey(id);
	}

	/**
	 * @param id a declared command id
	 * @return its declaration
	 */
	public CommandProperties.Command get(String id) {
		CommandProperties.Command command = this.commands.get(id);
		if (command == null) {
			throw new InvalidConfigurationException("mamori.commands." + id, null,
					"not declared; declared commands: " + this.commands.keySet());
		}
		return command;
	}

	/**
	 * Runs a declared command and waits for it.
	 * @param id the command id
	 * @return how it ended
	 */
	public CommandResult run(String id) {
		CommandProperties.Command command = get(id);
		long start = System.nanoTime();
		ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true);
		if (command.workingDirectory() != null) {
			builder.directory(new File(command.workingDirectory()));
		}
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			return new CommandResult(id, 127, false, "could not start " + command.argv().get(0) + ": " + ex.getMessage(),
					Duration.ofNanos(System.nanoTime() - start));
		}
		TailReader tail = new TailReader(process.getInputStream());
		tail.start();
		try {
			boolean finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!finished) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
			tail.join(2000);
			CommandResult result = new CommandResult(id, finished ? process.exitValue() : -1, !finished, tail.text(),
					Duration.ofNanos(System.nanoTime() - start));
			logger.info("Command {}: {}", id, result.summary());
			return result;
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			return new CommandResult(id, -1, false, "interrupted", Duration.ofNanos(System.nanoTime() - start));
		}
	}

	/** Keeps only the last bytes of a process's output, so a chatty command cannot fill memory. */
	private static final class TailReader extends Thread {

		private final InputStream in;

		private final byte[] ring = new byte[TAIL_BYTES];

		private long total;

		TailReader(InputStream in) {
			this.in = in;
			setDaemon(true);
		}

		@Override
		public void run() {
			byte[] buffer = new byte[8192];
			try (this.in) {
				int n;
				while ((n = this.in.read(buffer)) >= 0) {
					synchronized (this) {
						for (int i = 0; i < n; i++) {
							this.ring[(int) (this.total++ % TAIL_BYTES)] = buffer[i];
						}
					}
				}
			}
			catch (IOException ex) {
				// The process ended or was killed; what was read is kept.
			}
		}

		synchronized String text() {
			int size = (int) Math.min(this.total, TAIL_BYTES);
			byte[] out = new byte[size];
			long startAt = this.total - size;
			for (int i = 0; i < size; i++) {
				out[i] = this.ring[(int) ((startAt + i) % TAIL_BYTES)];
			}
			return new String(out, StandardCharsets.UTF_8);
		}

	}

}
