package dev.mamori.core.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.mamori.core.Actor;
import jakarta.persistence.criteria.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class DefaultAuditLog implements AuditLog {

	private static final Logger logger = LoggerFactory.getLogger(DefaultAuditLog.class);

	private static final int VERIFY_BATCH = 500;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AuditEventRepository events;

	private final AuditChainHeadRepository heads;

	private final Clock clock;

	/** The end of the chain as last found intact, or {@code null}: where {@link #verifyRecent()} starts. */
	private final AtomicReference<Verified> verified = new AtomicReference<>();

	DefaultAuditLog(AuditEventRepository events, AuditChainHeadRepository heads, Clock clock) {
		this.events = events;
		this.heads = heads;
		this.clock = clock;
	}

	@Override
	@Transactional
	public AuditRecord record(Actor actor, String action, String target, AuditOutcome outcome,
			Map<String, ?> details) {
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(outcome, "outcome");
		// Sorted keys give one canonical JSON text for the same facts.
		String detailsJson = json.writeValueAsString((details != null) ? new TreeMap<>(details) : Map.of());
		// Databases keep microseconds; hash what will be read back.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		AuditChainHead head = this.heads.lockHead();
		AuditEvent event = new AuditEvent(now, actor, action, truncate(target), outcome, detailsJson);
		event.chain(head.getLastHash());
		AuditEvent saved = this.events.saveAndFlush(event);
		head.advance(saved.getId(), saved.getHash());
		logger.debug("Audit {} {} {} by {}", action, target, outcome, actor.name());
		return saved.toRecord();
	}

	@Override
	@Transactional(readOnly = true)
	public Page<AuditRecord> search(AuditQuery query, Pageable pageable) {
		Specification<AuditEvent> spec = (root, cq, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (query.actor() != null) {
				where.add(cb.equal(root.get("actor"), query.actor()));
			}
			if (query.action() != null) {
				where.add(cb.equal(root.get("action"), query.action()));
			}
			if (query.from() != null) {
				where.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), query.from()));
			}
			if (query.to() != null) {
				where.add(cb.lessThan(root.get("occurredAt"), query.to()));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
		Pageable newestFirst = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(),
				Sort.by(Sort.Direction.DESC, "id"));
		return this.events.findAll(spec, newestFirst).map(AuditEvent::toRecord);
	}

	@Override
	@Transactional(readOnly = true)
	public AuditVerification verify() {
		Instant now = this.clock.instant();
		Verified none = new Verified(0, AuditHasher.GENESIS, 0, now);
		AuditVerification result = verifyFrom(none, true);
		if (!result.ok()) {
			logger.warn("Audit chain broken at event {}: {}", result.firstBrokenId(), result.reason());
		}
		return result;
	}

	@Override
	@Transactional(readOnly = true)
	public AuditVerification verifyRecent() {
		Verified start = this.verified.get();
		if (start == null) {
			// Nothing intact to start from in this process: the whole chain.
			return verify();
		}
		if (start.eventId() > 0) {
			// The event verified last must still be there as it was, or the chain has no anchor.
			AuditEvent anchor = this.events.findById(start.eventId()).orElse(null);
			if (anchor == null || !anchor.getHash().equals(start.hash()) || !AuditHasher.hash(anchor).equals(start.hash())) {
				this.verified.compareAndSet(start, null);
				return AuditVerification.broken(false, 1, start.eventId(),
						"the event verified last was changed or removed", start.fullyVerifiedAt());
			}
		}
		return verifyFrom(start, false);
	}

	/**
	 * Reads the events after {@code start} up to the chain head as read first (events appended
	 * meanwhile wait for the next verification), in keyset batches that keep memory flat however
	 * long the log grows, and remembers where an intact chain ends.
	 */
	private AuditVerification verifyFrom(Verified start, boolean full) {
		AuditChainHead head = this.heads.readHead();
		long upTo = (head.getLastEventId() != null) ? head.getLastEventId() : 0;
		String expectedPrev = start.hash();
		long lastId = start.eventId();
		long checked = 0;
		List<AuditEvent> batch;
		do {
			batch = this.events.findByIdGreaterThanAndIdLessThanEqualOrderByIdAsc(lastId, upTo,
					PageRequest.of(0, VERIFY_BATCH));
			for (AuditEvent event : batch) {
				checked++;
				if (!expectedPrev.equals(event.getPrevHash())) {
					return broken(start, full, checked, event.getId(),
							"previous hash does not match the event before it (an event was removed or inserted)");
				}
				if (!AuditHasher.hash(event).equals(event.getHash())) {
					return broken(start, full, checked, event.getId(), "content does not match its hash");
				}
				expectedPrev = event.getHash();
				lastId = event.getId();
			}
		}
		while (batch.size() == VERIFY_BATCH);
		if (!head.getLastHash().equals(expectedPrev)) {
			return broken(start, full, checked, head.getLastEventId(),
					"the newest events were removed (chain head points past the last event)");
		}
		Long after = this.events.findFirstIdAfter(upTo);
		if (after != null && Objects.equals(this.heads.readHeadEventId(), head.getLastEventId())) {
			// Not appended meanwhile (that moves the head in the same transaction): added behind Mamori's back.
			return broken(start, full, checked + 1, after, "an event follows the chain head (it was added, not appended)");
		}
		Verified now = new Verified(lastId, expectedPrev, start.events() + checked, start.fullyVerifiedAt());
		if (full) {
			this.verified.set(now);
		}
		else {
			// A full verification that finished meanwhile wins.
			this.verified.compareAndSet(start, now);
		}
		return AuditVerification.intact(full, checked, now.events(), now.fullyVerifiedAt());
	}

	private AuditVerification broken(Verified start, boolean full, long checked, Long id, String reason) {
		// Nothing intact to start from any more: the next view verifies the whole chain again.
		if (full) {
			this.verified.set(null);
		}
		else {
			this.verified.compareAndSet(start, null);
		}
		return AuditVerification.broken(full, checked, id, reason, start.fullyVerifiedAt());
	}

	/**
	 * Where the chain was last found intact.
	 * @param eventId the last verified event, 0 for an empty log
	 * @param hash its hash
	 * @param events how many events the verified chain holds
	 * @param fullyVerifiedAt when the verification from the first event that this one continues ran
	 */
	private record Verified(long eventId, String hash, long events, Instant fullyVerifiedAt) {
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 255) ? value.substring(0, 255) : value;
	}

}
