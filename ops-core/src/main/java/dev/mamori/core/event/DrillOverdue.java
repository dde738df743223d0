package dev.mamori.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * No restore drill of the app passed within its {@code max-age}: told once until a drill passes.
 *
 * @param appId the app
 * @param lastPassedAt when the last drill passed, or {@code null} when none ever did
 * @param maxAge the configured limit
 * @param at when it was found
 */
public record DrillOverdue(String appId, Instant lastPassedAt, Duration maxAge, Instant at) {
}
