package dev.mamori.core.audit;

import java.time.Instant;

import dev.mamori.core.Actor;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code audit_event}. Written once, never updated by Mamori.
 */
@Entity
@Table(name = "audit_event")
class AuditEvent {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Enumerated(EnumType.STRING)
	@Column(name = "actor_type", nullable = false)
	private Actor.Type actorType;

	@Column(nullable = false)
	private String actor;

	@Column(nullable = false)
	private String action;

	private String target;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private AuditOutcome outcome;

	@Column(name = "remote_address")
	private String remoteAddress;

	@Column(nullable = false)
	private String details;

	@Column(name = "prev_hash", nullable = false)
	private String prevHash;

	@Column(nullable = false)
	private String hash;

	protected AuditEvent() {
	}

	AuditEvent(Instant occurredAt, Actor actor, String action, String target, AuditOutcome outcome, String details) {
		this.occurredAt = occurredAt;
		this.actorType = actor.type();
		this.actor = actor.name();
		this.remoteAddress = actor.remoteAddress();
		this.action = action;
		this.target = target;
		this.outcome = outcome;
		this.details = details;
	}

	void chain(String prevHash) {
		this.prevHash = prevHash;
		this.hash = AuditHasher.hash(this);
	}

	AuditRecord toRecord() {
		return new AuditRecord(this.id, this.occurredAt, this.actorType, this.actor, this.action, this.target,
				this.outcome, this.remoteAddress, this.details, this.hash);
	}

	Long getId() {
		return this.id;
	}

	Instant getOccurredAt() {
		return this.occurredAt;
	}

	Actor.Type getActorType() {
		return this.actorType;
	}

	String getActor() {
		return this.actor;
	}

	String getAction() {
		return this.action;
	}

	String getTarget() {
		return this.target;
	}

	AuditOutcome getOutcome() {
		return this.outcome;
	}

	String getRemoteAddress() {
		return this.remoteAddress;
	}

	String getDetails() {
		return this.details;
	}

	String getPrevHash() {
		return this.prevHash;
	}

	String getHash() {
		return this.hash;
	}

}
