/**
 * The restore run: the orchestrator that sequences the per-source handlers, the on-disk journal
 * that makes every crash recoverable, and the recovery that runs before anything else.
 */
package dev.mamori.backup.restore;
