package dev.mamori.core.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row that holds the hash of the newest event. Appenders lock it, so events are
 * chained in one order even with several Mamori instances on one database, and a verify can
 * tell when events were cut off the end.
 */
@Entity
@Table(name = "audit_chain_head")
class AuditChainHead {

	static final int ID = 1;

	@Id
	private Integer id;

	@Column(name = "last_event_id")
	private Long lastEventId;

	@Column(name = "last_hash", nullable = false)
	private String lastHash;

	protected AuditChainHead() {
	}

	Long getLastEventId() {
		return this.lastEventId;
	}

	String getLastHash() {
		return this.lastHash;
	}

	void advance(long eventId, String hash) {
		this.lastEventId = eventId;
		this.lastHash = hash;
	}

}
