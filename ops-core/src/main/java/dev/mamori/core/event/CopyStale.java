package dev.mamori.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * The newest good off-site copy of an app on a target is older than the copy's {@code max-age} (or
 * there has been none for that long): told once until a newer copy arrives there.
 *
 * @param appId the app
 * @param target the target's id
 * @param newestAt when the backup of the newest good copy there was taken, or {@code null} when there is
 * none
 * @param maxAge the configured limit
 * @param at when it was found
 */
public record CopyStale(String appId, String target, Instant newestAt, Duration maxAge, Instant at) {
}
