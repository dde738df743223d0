/**
 * The command line in the same jar: automation, and disaster recovery on a machine where Mamori's
 * database is gone.
 */
package dev.mamori.cli;
