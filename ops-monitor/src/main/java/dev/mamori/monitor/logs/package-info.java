/**
 * Log sources declared per app (a command such as {@code journalctl -u UNIT} or
 * {@code docker compose logs SERVICE}, or a file), read bounded with secrets masked.
 */
package dev.mamori.monitor.logs;
