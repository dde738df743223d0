/**
 * Monitoring's API and engine: definitions and their defaults, the scheduler and state machine,
 * the stored monitors, results and incidents, and the incident events that the incident handling
 * ({@code incident}) and remediation ({@code remediation}) packages act on; checks live in
 * {@code check}, notifications in {@code alert}.
 */
package dev.mamori.monitor;
