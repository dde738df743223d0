package dev.mamori.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
		StringBuilder canonical = new StringBuilder(256);
		append(canonical, event.getPrevHash());
		append(canonical, String.valueOf(event.getOccurredAt().getEpochSecond()));
		append(canonical, String.valueOf(event.getOccurredAt().getNano()));
		append(canonical, event.getActorType().name());
		append(canonical, event.getActor());
		append(canonical, event.getAction());
		append(canonical, event.getTarget());
		append(canonical, event.getOutcome().name());
		append(canonical, event.getRemoteAddress());
		append(canonical, event.getDetails());
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
