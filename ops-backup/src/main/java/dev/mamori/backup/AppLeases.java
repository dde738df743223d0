package dev.mamori.backup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.mamori.core.LeaseOwners;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One backup or restore per app at a time, across every Mamori instance on the database: a lease
 * row per app, renewed while the work runs. A lease whose holder stopped renewing expires; one held
 * by a process on this host that no longer exists (killed with {@code kill -9}) is free at once.
 */
@Component
public class AppLeases {

	/** This process: host and pid, the prefix of every lease owner it creates. */
	static final String INSTANCE = LeaseOwners.THIS_PROCESS;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AppLeases(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @param appId the app
	 * @param purpose {@code backup} or {@code restore}
	 * @param lease how long the lease lasts without renewal
	 * @return the owner token when acquired; empty when another holder has it
	 */
	public Optional<String> acquire(String appId, String purpose, Duration lease) {
		String owner = INSTANCE + ":" + UUID.randomUUID();
		Instant now = this.clock.instant();
		Timestamp until = Timestamp.from(now.plus(lease));
		Optional<Holder> current = holder(appId);
		if (current.isPresent()) {
			Holder holder = current.get();
			if (!holder.expiredAt(now) && !holder.deadLocalProcess()) {
				return Optional.empty();
			}
			int taken = this.jdbc.update(
					"update app_lease set owner = ?, purpose = ?, run_id = null, lease_until = ? where app_id = ? and owner = ?",
					owner, purpose, until, appId, holder.owner());
			return (taken == 1) ? Optional.of(owner) : Optional.empty();
		}
		try {
			this.jdbc.update("insert into app_lease (app_id, owner, purpose, run_id, lease_until) values (?, ?, ?, null, ?)",
					appId, owner, purpose, until);
			return Optional.of(owner);
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
		catch (DataIntegrityViolationException ex) {
			return Optional.empty();
		}
	}

	/**
	 * @param appId the app
	 * @param purpose {@code backup} or {@code restore}
	 * @param lease how long the lease lasts without renewal
	 * @return the owner token
	 * @throws BackupBusyException naming what runs, when another holder has the lease
	 */
	public String acquireOrThrow(String appId, String purpose, Duration lease) {
		return acquire(appId, purpose, lease).orElseThrow(() -> {
			Holder holder = holder(appId).orElse(null);
			return new BackupBusyException(appId, (holder != null) ? holder.purpose() : "backup",
					(holder != null) ? holder.runId() : null);
		});
	}

	/**
	 * @param appId the app
	 * @return who holds its lease now, if anyone (possibly expired)
	 */
	public Optional<Holder> holder(String appId) {
		List<Holder> holders = this.jdbc.query(
				"select owner, purpose, run_id, lease_until from app_lease where app_id = ?",
				(rs, i) -> new Holder(rs.getString(1), rs.getString(2), (Long) rs.getObject(3),
						rs.getTimestamp(4).toInstant()),
				appId);
		return holders.stream().findFirst();
	}

	/**
	 * @param appId the app
	 * @param purpose {@code backup} or {@code restore}
	 * @return whether a live holder has the app's lease for that purpose now: one whose lease has not
	 * expired and that is not a process on this host that no longer exists
	 */
	public boolean heldFor(String appId, String purpose) {
		Instant now = this.clock.instant();
		return holder(appId)
			.filter((holder) -> purpose.equals(holder.purpose()) && !holder.expiredAt(now) && !holder.deadLocalProcess())
			.isPresent();
	}

	/**
	 * @param appId the app
	 * @param owner the owner token
	 * @param lease the new duration from now
	 * @return whether the caller still holds the lease
	 */
	public boolean renew(String appId, String owner, Duration lease) {
		return this.jdbc.update("update app_lease set lease_until = ? where app_id = ? and owner = ?",
				Timestamp.from(this.clock.instant().plus(lease)), appId, owner) == 1;
	}

	/**
	 * Records which run holds the lease, so a refused caller can be told.
	 * @param appId the app
	 * @param owner the owner token
	 * @param runId the run
	 */
	public void attachRun(String appId, String owner, long runId) {
		this.jdbc.update("update app_lease set run_id = ? where app_id = ? and owner = ?", runId, appId, owner);
	}

	/**
	 * @param appId the app
	 * @param owner the owner token
	 */
	public void release(String appId, String owner) {
		this.jdbc.update("delete from app_lease where app_id = ? and owner = ?", appId, owner);
	}

	/**
	 * @param owner a lease or run owner token
	 * @param now the current time
	 * @param heartbeat the last time the owner showed life
	 * @param lease how long life lasts without a sign
	 * @return whether the owner is certainly gone
	 */
	static boolean isGone(String owner, Instant now, Instant heartbeat, Duration lease) {
		return heartbeat.plus(lease).isBefore(now) || LeaseOwners.deadLocalProcess(owner);
	}

	/**
	 * @param owner the owner token
	 * @param purpose backup or restore
	 * @param runId the run holding it, when attached
	 * @param leaseUntil when it expires without renewal
	 */
	public record Holder(String owner, String purpose, Long runId, Instant leaseUntil) {

		boolean expiredAt(Instant now) {
			return this.leaseUntil.isBefore(now);
		}

		boolean deadLocalProcess() {
			return LeaseOwners.deadLocalProcess(this.owner);
		}

	}

}
