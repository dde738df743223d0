/**
 * Runbook actions: commands declared in the configuration file (argv, typed parameters, a minimum
 * role, typed confirmation, checks before and after), run on request with live, bounded output,
 * recorded, audited and notified when they fail.
 */
package dev.mamori.monitor.action;
