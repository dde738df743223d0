package dev.mamori.monitor.action;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.mamori.core.Actor;
import dev.mamori.core.command.CommandResult;
import dev.mamori.monitor.RemediationActions;
import dev.mamori.monitor.action.ActionsProperties.Action;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs parameterless, unconfirmed actions for remediation, as Mamori, waiting for the run.
 */
@Component
class ActionRemediations implements RemediationActions {

	private final Actions actions;

	/** Lazily: the monitor service validates remediations while it is built, and runs need it. */
	private final ObjectProvider<ActionService> service;

	ActionRemediations(Actions actions, ObjectProvider<ActionService> service) {
		this.actions = actions;
		this.service = service;
	}

	@Override
	public Optional<String> unusable(String actionId) {
		if (!this.actions.ids().contains(actionId)) {
			return Optional.of("not a declared action; declared actions: " + this.actions.ids());
		}
		Action action = this.actions.get(actionId);
		if (!action.parameters().isEmpty() || action.confirm()) {
			return Optional.of("an action with parameters or a typed confirmation needs a person; remediation runs it unattended");
		}
		return Optional.empty();
	}

	@Override
	public CommandResult run(String actionId) throws InterruptedException {
		Action action = this.actions.get(actionId);
		ActionService service = this.service.getObject();
		ActionRunView run;
		try {
			run = service.start(actionId, Map.of(), actionId, Actor.SYSTEM);
		}
		catch (ActionBusyException ex) {
			return new CommandResult(actionId, -1, false, ex.getMessage(), Duration.ZERO);
		}
		long deadline = System.nanoTime() + action.timeout().plusSeconds(60).toNanos();
		while (run.running() && System.nanoTime() < deadline) {
			Thread.sleep(100);
			run = service.run(run.id());
		}
		String output = (run.output() != null && run.output().length() > 4096)
				? run.output().substring(run.output().length() - 4096) : run.output();
		int exit = "SUCCEEDED".equals(run.status()) ? 0 : ((run.exitCode() != null && run.exitCode() != 0) ? run.exitCode() : 1);
		return new CommandResult(actionId + " (action run " + run.id() + ")", exit, run.timedOut(),
				(run.message() != null ? run.message() + "\n" : "") + ((output != null) ? output : ""),
				Duration.ofMillis((run.durationMs() != null) ? run.durationMs() : 0));
	}

}
