package dev.mamori.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A recovery objective of the app is not met: the measured restore time (drills, real restores) is longer
 * than its RTO, or its newest good snapshot is older than its RPO. Told once until it is met again.
 *
 * @param appId the app
 * @param objective {@code RTO} or {@code RPO}
 * @param measured what was measured
 * @param target the objective
 * @param at when it was found
 */
public record ObjectiveBreached(String appId, String objective, Duration measured, Duration target, Instant at) {
}
