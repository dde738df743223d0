/**
 * Mamori's own state on the backup drive: the bundle each backup run leaves beside the archives
 * (configuration with secrets referenced, users, API token hashes, monitors made in the UI, the
 * audit log with its chain head), and what brings it back into a fresh install's database.
 */
package dev.mamori.selfstate;
