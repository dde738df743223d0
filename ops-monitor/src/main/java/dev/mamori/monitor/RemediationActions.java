package dev.mamori.monitor;

import java.util.Optional;

import dev.mamori.core.command.CommandResult;

/**
 * Declared actions as remediation sees them (implemented by {@code monitor.action}, so that a
 * remediation can name an action and one definition serves the button and the automatic recovery).
 */
public interface RemediationActions {

	/**
	 * @param actionId an action id
	 * @return why it cannot be run unattended (not declared, has parameters or needs a typed
	 * confirmation), empty when it can
	 */
	Optional<String> unusable(String actionId);

	/**
	 * Runs the action as Mamori, recorded and audited like any run, and waits for it.
	 * @param actionId the action
	 * @return how it ended, as a command result named after the action
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	CommandResult run(String actionId) throws InterruptedException;

}
