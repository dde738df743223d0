package dev.mamori.monitor.check;

import java.util.concurrent.CompletableFuture;

import dev.mamori.core.command.CommandRunner;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

/**
 * A systemd unit is active, through a declared command such as {@code systemctl is-active ecm}:
 * judged like a {@link CommandCheck command}.
 */
@Component
class SystemdCheck implements Check {

	private final CheckExecutors executors;

	private final CommandRunner commands;

	SystemdCheck(CheckExecutors executors, CommandRunner commands) {
		this.executors = executors;
		this.commands = commands;
	}

	@Override
	public MonitorType type() {
		return MonitorType.SYSTEMD;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> CommandCheck.command(this.commands, d));
	}

}
