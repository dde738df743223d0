package dev.mamori.backup;

import java.time.Duration;

import dev.mamori.backup.drill.DrillResult;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "drill_step")
class DrillStep {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private int position;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String outcome;

	@Column(name = "took_millis", nullable = false)
	private long tookMillis;

	private String message;

	protected DrillStep() {
	}

	DrillStep(int position, DrillResult.Step step) {
		this.position = position;
		this.name = step.name();
		this.outcome = step.outcome();
		this.tookMillis = step.took().toMillis();
		this.message = DrillRun.clip(step.message());
	}

	DrillResult.Step toView() {
		return new DrillResult.Step(this.name, this.outcome, this.message, Duration.ofMillis(this.tookMillis));
	}

}
