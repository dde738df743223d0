/**
 * What follows when a monitor's incident opens, goes on or closes: the incident's timeline, the
 * audit log and the alerts (with reminders), driven by the engine's incident events.
 */
package dev.mamori.monitor.incident;
