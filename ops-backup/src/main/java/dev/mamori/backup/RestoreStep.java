package dev.mamori.backup;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "restore_step")
class RestoreStep {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private int position;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String outcome;

	@Column(name = "started_at", nullable = false)
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	private String message;

	protected RestoreStep() {
	}

	RestoreStep(int position, String name, Instant now) {
		this.position = position;
		this.name = name;
		this.outcome = "RUNNING";
		this.startedAt = now;
	}

	boolean running() {
		return "RUNNING".equals(this.outcome);
	}

	void end(String outcome, String message, Instant now) {
		this.outcome = outcome;
		this.message = (message != null && message.length() > 4000) ? message.substring(0, 4000) : message;
		this.finishedAt = now;
	}

	RestoreRunView.Step toView() {
		return new RestoreRunView.Step(this.position, this.name, this.outcome, this.startedAt, this.finishedAt, this.message);
	}

}
