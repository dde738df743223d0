package dev.mamori.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.core.Actor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain read from outside the database (the state bundle) is checked with the same hashes and
 * rules as the log itself.
 */
class AuditChainTests {

	@Test
	void hashesAnEventExactlyAsTheLogStoresIt() {
		AuditEvent event = new AuditEvent(Instant.parse("2026-11-30T03:00:00.123456Z"), Actor.user("admin", "10.0.0.1"),
				"USER_CREATED", "hanako", AuditOutcome.SUCCESS, "{\"role\":\"ADMIN\"}");
		event.chain(AuditChain.GENESIS);
		AuditChain.Link link = new AuditChain.Link(event.getOccurredAt(), event.getActorType(), event.getActor(),
				event.getAction(), event.getTarget(), event.getOutcome(), event.getRemoteAddress(), event.getDetails(),
				event.getPrevHash(), event.getHash());
		assertThat(AuditChain.hashOf(link)).isEqualTo(event.getHash());
	}

	@Test
	void findsAChangedARemovedAndACutOffEvent() {
		List<AuditChain.Link> chain = chain(4);
		String head = chain.get(3).hash();
		assertThat(AuditChain.verify(chain, head).ok()).isTrue();
		assertThat(AuditChain.verify(chain, head).eventsChecked()).isEqualTo(4);

		List<AuditChain.Link> changed = new ArrayList<>(chain);
		AuditChain.Link second = chain.get(1);
		changed.set(1, new AuditChain.Link(second.occurredAt(), second.actorType(), second.actor(), second.action(),
				"someone else", second.outcome(), second.remoteAddress(), second.details(), second.prevHash(),
				second.hash()));
		assertThat(AuditChain.verify(changed, head)).isEqualTo(new AuditVerification(false, true, 2, 2L,
				"content does not match its hash", 2, null));

		List<AuditChain.Link> removed = new ArrayList<>(chain);
		removed.remove(2);
		assertThat(AuditChain.verify(removed, head).firstBrokenId()).isEqualTo(3L);

		assertThat(AuditChain.verify(chain.subList(0, 3), head).reason())
			.contains("the chain head does not name the last event");
	}

	private static List<AuditChain.Link> chain(int n) {
		List<AuditChain.Link> links = new ArrayList<>();
		String prev = AuditChain.GENESIS;
		for (int i = 0; i < n; i++) {
			AuditChain.Link unhashed = new AuditChain.Link(Instant.parse("2026-11-30T03:00:00Z").plusSeconds(i),
					Actor.Type.SYSTEM, "system", "EVENT", "t" + i, AuditOutcome.SUCCESS, null, "{}", prev, null);
			String hash = AuditChain.hashOf(unhashed);
			links.add(new AuditChain.Link(unhashed.occurredAt(), Actor.Type.SYSTEM, "system", "EVENT", "t" + i,
					AuditOutcome.SUCCESS, null, "{}", prev, hash));
			prev = hash;
		}
		return links;
	}

}
