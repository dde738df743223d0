package dev.mamori.core.command;

import java.io.File;
import java.io.IOException;
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
		OutputTail tail = new OutputTail(process.getInputStream(), TAIL_BYTES);
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

}
