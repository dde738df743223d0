package dev.mamori.core.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests move forward by hand, to expire tokens and lockouts without waiting. It starts
 * at the real current time so data written with it sorts naturally.
 */
public final class MutableClock extends Clock {

	private volatile Instant now = Instant.now();

	/**
	 * Moves time forward.
	 * @param amount how far
	 */
	public void advance(Duration amount) {
		this.now = this.now.plus(amount);
	}

	/** Goes back to the real current time. */
	public void reset() {
		this.now = Instant.now();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
