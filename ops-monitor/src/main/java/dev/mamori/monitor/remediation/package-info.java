/**
 * Bounded automatic recovery: a declared command, a wait and a re-check per attempt, escalation
 * after the last one; driven by the engine's incident events, answering with a re-check event.
 */
package dev.mamori.monitor.remediation;
