/**
 * Restore drills: a snapshot restored into a scratch location through the same handlers as a real
 * restore, never touching live data or stopping the service, then proven usable (integrity, row counts,
 * verification queries, optionally a second copy of the app booted on the scratch data) and removed.
 */
package dev.mamori.backup.drill;
