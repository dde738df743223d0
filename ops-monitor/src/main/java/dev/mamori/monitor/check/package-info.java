/**
 * The checks: HTTP, TCP, TLS certificate, disk, memory, commands, databases and backup freshness.
 */
package dev.mamori.monitor.check;
