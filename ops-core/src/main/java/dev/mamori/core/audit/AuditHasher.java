package dev.mamori.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import dev.mamori.core.Actor;

/**
 * Computes an event's chain hash: SHA-256 over the previous hash and the event's content in a
 * fixed order. Each field is written as its length and its text, so no two different events share
 * one canonical form.
 */
final class AuditHasher {

	/** The previous hash of the very first event. */
	static final String GENESIS = "0".repeat(64);

	private AuditHasher() {
	}

	static String hash(AuditEvent event) {
		return hash(event.getPrevHash(), event.getOccurredAt(), event.getActorType(), event.getActor(),
				event.getAction(), event.getTarget(), event.getOutcome(), event.getRemoteAddress(), event.getDetails());
	}

	static String hash(String prevHash, Instant occurredAt, Actor.Type actorType, String actor, String action,
			String target, AuditOutcome outcome, String remoteAddress, String details) {
		StringBuilder canonical = new StringBuilder(256);
		append(canonical, prevHash);
		append(canonical, String.valueOf(occurredAt.getEpochSecond()));
		append(canonical, String.valueOf(occurredAt.getNano()));
		append(canonical, actorType.name());
		append(canonical, actor);
		append(canonical, action);
		append(canonical, target);
		append(canonical, outcome.name());
		append(canonical, remoteAddress);
		append(canonical, details);
		return sha256(canonical.toString());
	}

	private static void append(StringBuilder canonical, String value) {
		if (value == null) {
			canonical.append("-1:");
		}
		else {
			canonical.append(value.length()).append(':').append(value);
		}
		canonical.append('\n');
	}

	private static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java runtime", ex);
		}
	}

}
