package dev.mamori.monitor;

/**
 * Uptime of a monitor over the last 24 hours, 7 days and 30 days, in percent; {@code null} for a
 * window without checks. Maintenance windows count neither way.
 *
 * @param day last 24 hours
 * @param week last 7 days
 * @param month last 30 days
 */
public record Uptimes(Double day, Double week, Double month) {
}
