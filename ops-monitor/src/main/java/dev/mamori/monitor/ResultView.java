package dev.mamori.monitor;

import java.time.Instant;

/**
 * One check result.
 *
 * @param checkedAt when
 * @param up whether it passed
 * @param maintenance whether a maintenance window was open
 * @param responseMs response or check time
 * @param message what was found
 */
public record ResultView(Instant checkedAt, boolean up, boolean maintenance, Long responseMs, String message) {
}
