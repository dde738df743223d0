package dev.mamori.core.audit;

import java.time.Instant;

import dev.mamori.core.Actor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditHasherTests {

	private static final Instant T = Instant.parse("2026-11-23T03:00:00.123456Z");

	@Test
	void sameContentAndPreviousHashGiveTheSameHash() {
		assertThat(chained("a", "b", AuditHasher.GENESIS).getHash())
			.isEqualTo(chained("a", "b", AuditHasher.GENESIS).getHash())
			.hasSize(64);
	}

	@Test
	void everyFieldAndThePreviousHashChangeTheHash() {
		String base = chained("LOGIN", "admin", AuditHasher.GENESIS).getHash();
		assertThat(chained("LOGIN", "admim", AuditHasher.GENESIS).getHash()).isNotEqualTo(base);
		assertThat(chained("LOGOUT", "admin", AuditHasher.GENESIS).getHash()).isNotEqualTo(base);
		assertThat(chained("LOGIN", "admin", "1".repeat(64)).getHash()).isNotEqualTo(base);
	}

	@Test
	void fieldBoundariesCannotBeShiftedToForgeTheSameHash() {
		// "AB" + "C" and "A" + "BC" must not hash alike.
		assertThat(chained("AB", "C", AuditHasher.GENESIS).getHash())
			.isNotEqualTo(chained("A", "BC", AuditHasher.GENESIS).getHash());
	}

	@Test
	void aMissingTargetDiffersFromAnEmptyOne() {
		assertThat(chained("X", null, AuditHasher.GENESIS).getHash())
			.isNotEqualTo(chained("X", "", AuditHasher.GENESIS).getHash());
	}

	private static AuditEvent chained(String action, String target, String prev) {
		AuditEvent event = new AuditEvent(T, Actor.user("admin", "127.0.0.1"), action, target, AuditOutcome.SUCCESS,
				"{}");
		event.chain(prev);
		return event;
	}

}
