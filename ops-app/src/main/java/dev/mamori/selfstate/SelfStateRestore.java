package dev.mamori.selfstate;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditChain;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a checked state bundle back into a fresh install's database, in one transaction: users,
 * API tokens, monitors made in the UI, and the audit log, whose chain continues unbroken with a
 * {@code SELF_RESTORED} event. Refuses a database that already holds users, tokens, such monitors or
 * audit events: the audit log is append-only, so two histories are never merged and none is
 * replaced. Nothing is written when anything fails.
 */
public final class SelfStateRestore {

	private final SelfStateRepository repository;

	private final TransactionTemplate tx;

	/**
	 * @param jdbc the configured database
	 * @param transactions its transaction manager
	 */
	public SelfStateRestore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.repository = new SelfStateRepository(jdbc);
		this.tx = new TransactionTemplate(transactions);
	}

	/**
	 * @param bundle a bundle {@link SelfStateBundle#read read} and checked
	 * @param actor who restores (audited)
	 * @param now the time of the {@code SELF_RESTORED} event
	 * @return what was restored
	 * @throws SelfStateException ({@code NOT_EMPTY}) when the database is not a fresh install's
	 */
	public Restored restore(SelfStateBundle bundle, Actor actor, Instant now) {
		return this.tx.execute((status) -> {
			SelfStateRepository.Occupancy occupancy = this.repository.occupancy();
			if (!occupancy.empty()) {
				throw new SelfStateException(SelfStateException.Kind.NOT_EMPTY, "the database already holds "
						+ occupancy.users() + " user(s), " + occupancy.tokens() + " API token(s), " + occupancy.monitors()
						+ " monitor(s) made in the UI and " + occupancy.auditEvents() + " audit event(s)");
			}
			Map<String, Long> userIds = new HashMap<>();
			for (SelfStateBundle.UserEntry user : bundle.users()) {
				userIds.put(user.username(), this.repository.insertUser(user));
			}
			for (SelfStateBundle.TokenEntry token : bundle.tokens()) {
				this.repository.insertToken(userIds.get(token.username()), token);
			}
			for (SelfStateBundle.MonitorEntry monitor : bundle.monitors()) {
				this.repository.insertMonitor(monitor, now);
			}
			long[] count = new long[1];
			long[] lastId = new long[] { -1 };
			String[] lastHash = { AuditChain.GENESIS };
			bundle.forEachAuditEvent((event) -> {
				// Checked when the bundle was read; checked again here, on the very bytes written.
				if (!event.prevHash().equals(lastHash[0]) || !AuditChain.hashOf(event).equals(event.hash())) {
					throw new SelfStateException(SelfStateException.Kind.INVALID,
							"the state bundle changed while it was restored (audit event " + (count[0] + 1) + ")");
				}
				lastId[0] = this.repository.insertAuditEvent(event);
				lastHash[0] = event.hash();
				count[0]++;
			});
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("bundle", bundle.file().toString());
			details.put("writtenAt", bundle.manifest().createdAt());
			details.put("host", String.valueOf(bundle.manifest().host()));
			details.put("users", bundle.users().size());
			details.put("tokens", bundle.tokens().size());
			details.put("monitors", bundle.monitors().size());
			details.put("auditEvents", count[0]);
			AuditChain.Link restored = SelfStateRepository.chained(lastHash[0], now, actor, "SELF_RESTORED", null,
					details);
			long id = this.repository.insertAuditEvent(restored);
			this.repository.moveHead(id, restored.hash());
			return new Restored(bundle.users().size(), bundle.tokens().size(), bundle.monitors().size(), count[0],
					lastHash[0]);
		});
	}

	/**
	 * What a restore brought back.
	 *
	 * @param users users
	 * @param tokens API tokens
	 * @param monitors monitors made in the UI
	 * @param auditEvents audit events (the {@code SELF_RESTORED} event follows them)
	 * @param auditHeadHash the hash of the newest restored event
	 */
	public record Restored(int users, int tokens, int monitors, long auditEvents, String auditHeadHash) {
	}

}
