/**
 * Backups and restores of the apps declared in the configuration: sources, the archive format,
 * destinations, retention and the snapshot catalog.
 */
package dev.mamori.backup;
