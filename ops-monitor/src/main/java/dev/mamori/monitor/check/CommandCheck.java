package dev.mamori.monitor.check;

import java.util.concurrent.CompletableFuture;

import dev.mamori.core.command.CommandResult;
import dev.mamori.core.command.CommandRunner;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.lastLine;

/**
 * A declared command exits with 0; the result shows its summary and last line of output.
 */
@Component
class CommandCheck implements Check {

	private final CheckExecutors executors;

	private final CommandRunner commands;

	CommandCheck(CheckExecutors executors, CommandRunner commands) {
		this.executors = executors;
		this.commands = commands;
	}

	@Override
	public MonitorType type() {
		return MonitorType.COMMAND;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> command(this.commands, d));
	}

	/**
	 * @param commands the declared commands
	 * @param d a monitor naming one of them
	 * @return up when it exited with 0
	 */
	static CheckResult command(CommandRunner commands, MonitorDefinition d) {
		CommandResult result = commands.run(d.command());
		String tail = lastLine(result.outputTail());
		String text = result.summary() + (tail.isEmpty() ? "" : ": " + tail);
		return result.succeeded() ? CheckResult.up(result.duration().toMillis(), text)
				: CheckResult.down(result.duration().toMillis(), text);
	}

}
