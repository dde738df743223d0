package dev.mamori.core.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
		String expectedPrev = AuditHasher.GENESIS;
		long lastId = 0;
		long checked = 0;
		List<AuditEvent> batch;
		// Keyset batches keep memory flat however long the log grows.
		do {
			batch = this.events.findByIdGreaterThanOrderByIdAsc(lastId, PageRequest.of(0, VERIFY_BATCH));
			for (AuditEvent event : batch) {
				checked++;
				if (!expectedPrev.equals(event.getPrevHash())) {
					return AuditVerification.broken(checked, event.getId(),
							"previous hash does not match the event before it (an event was removed or inserted)");
				}
				if (!AuditHasher.hash(event).equals(event.getHash())) {
					return AuditVerification.broken(checked, event.getId(), "content does not match its hash");
				}
				expectedPrev = event.getHash();
				lastId = event.getId();
			}
		}
		while (batch.size() == VERIFY_BATCH);
		AuditChainHead head = this.heads.readHead();
		if (!head.getLastHash().equals(expectedPrev)) {
			return AuditVerification.broken(checked, head.getLastEventId(),
					"the newest events were removed (chain head points past the last event)");
		}
		return AuditVerification.intact(checked);
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 255) ? value.substring(0, 255) : value;
	}

}
