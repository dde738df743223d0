package dev.mamori.selfstate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditChain;
import dev.mamori.core.audit.AuditOutcome;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The rows of Mamori's own state, read for the bundle and written back by {@code restore-self}, with
 * plain JDBC on the tables of the Flyway migrations (the same SQL on H2 and PostgreSQL). Callers hold
 * the transaction.
 */
final class SelfStateRepository {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	SelfStateRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	// Reading

	List<SelfStateBundle.UserEntry> users() {
		return this.jdbc.query("select username, password_hash, role, enabled, created_at, password_changed_at "
				+ "from user_account order by id", (rs, i) -> new SelfStateBundle.UserEntry(rs.getString(1),
						rs.getString(2), rs.getString(3), rs.getBoolean(4), iso(rs, 5), iso(rs, 6)));
	}

	List<SelfStateBundle.TokenEntry> tokens() {
		return this.jdbc.query("select u.username, t.name, t.token_hash, t.prefix, t.role, t.scope, t.created_at, "
				+ "t.expires_at, t.last_used_at, t.revoked_at from api_token t join user_account u on u.id = t.user_id "
				+ "order by t.id", (rs, i) -> new SelfStateBundle.TokenEntry(rs.getString(1), rs.getString(2),
						rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), iso(rs, 7), iso(rs, 8),
						iso(rs, 9), iso(rs, 10)));
	}

	/** Monitors made in the UI or API; those of the configuration file come back with the file. */
	List<SelfStateBundle.MonitorEntry> monitors() {
		return this.jdbc.query("select name, type, definition, heartbeat_token, paused, created_at from monitor "
				+ "where origin = 'API' order by id", (rs, i) -> new SelfStateBundle.MonitorEntry(rs.getString(1),
						rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), iso(rs, 6)));
	}

	/**
	 * @return the chain head: the newest event's id ({@code null} when there is none) and hash
	 */
	Head head() {
		return this.jdbc.queryForObject("select last_event_id, last_hash from audit_chain_head where id = 1",
				(rs, i) -> new Head((Long) rs.getObject(1, Long.class), rs.getString(2)));
	}

	/**
	 * Streams the events up to the head, oldest first: appenders lock the head and write their event
	 * in one transaction, so every event up to the head's id is there, whatever is appended meanwhile.
	 */
	void forEachAuditEvent(Head head, Consumer<SelfStateBundle.AuditEntry> consumer) {
		if (head.lastEventId() == null) {
			return;
		}
		this.jdbc.query("select occurred_at, actor_type, actor, action, target, outcome, remote_address, details, "
				+ "prev_hash, hash from audit_event where id <= ? order by id", (ResultSet rs) -> {
					consumer.accept(new SelfStateBundle.AuditEntry(iso(rs, 1), rs.getString(2), rs.getString(3),
							rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
							rs.getString(9), rs.getString(10)));
				}, head.lastEventId());
	}

	// Writing

	/**
	 * @return what the database already holds that a restore would mix with
	 */
	Occupancy occupancy() {
		return new Occupancy(count("select count(*) from user_account"), count("select count(*) from api_token"),
				count("select count(*) from monitor where origin = 'API'"), count("select count(*) from audit_event"));
	}

	private long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	long insertUser(SelfStateBundle.UserEntry user) {
		return insert("insert into user_account (username, password_hash, role, enabled, created_at, "
				+ "password_changed_at) values (?, ?, ?, ?, ?, ?)", user.username(), user.passwordHash(), user.role(),
				user.enabled(), time(user.createdAt()), time(user.passwordChangedAt()));
	}

	void insertToken(long userId, SelfStateBundle.TokenEntry token) {
		insert("insert into api_token (user_id, name, token_hash, prefix, role, scope, created_at, expires_at, "
				+ "last_used_at, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", userId, token.name(),
				token.tokenHash(), token.prefix(), token.role(), token.scope(), time(token.createdAt()),
				time(token.expiresAt()), time(token.lastUsedAt()), time(token.revokedAt()));
	}

	void insertMonitor(SelfStateBundle.MonitorEntry monitor, Instant now) {
		OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
		// Its state starts again: checks resume when the server starts.
		insert("insert into monitor (name, origin, type, definition, heartbeat_token, paused, state, state_since, "
				+ "failures, successes, created_at, updated_at) values (?, 'API', ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
				monitor.name(), monitor.type(), monitor.definition(), monitor.heartbeatToken(), monitor.paused(),
				monitor.paused() ? "PAUSED" : "PENDING", at, time(monitor.createdAt()), at);
	}

	long insertAuditEvent(AuditChain.Link event) {
		return insert("insert into audit_event (occurred_at, actor_type, actor, action, target, outcome, "
				+ "remote_address, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC), event.actorType().name(), event.actor(),
				event.action(), event.target(), event.outcome().name(), event.remoteAddress(), event.details(),
				event.prevHash(), event.hash());
	}

	void moveHead(long lastEventId, String lastHash) {
		int updated = this.jdbc.update("update audit_chain_head set last_event_id = ?, last_hash = ? where id = 1",
				lastEventId, lastHash);
		if (updated != 1) {
			throw new IllegalStateException("the database has no audit chain head (were the migrations run?)");
		}
	}

	/**
	 * Appends one event after the given head, chained as {@code AuditLog} chains its events.
	 * @return the event
	 */
	static AuditChain.Link chained(String prevHash, Instant now, Actor actor, String action, String target,
			Map<String, ?> details) {
		String detailsJson = json.writeValueAsString(new TreeMap<>(details));
		AuditChain.Link unhashed = new AuditChain.Link(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
				actor.type(), actor.name(), action, target, AuditOutcome.SUCCESS, actor.remoteAddress(), detailsJson,
				prevHash, null);
		return new AuditChain.Link(unhashed.occurredAt(), unhashed.actorType(), unhashed.actor(), unhashed.action(),
				unhashed.target(), unhashed.outcome(), unhashed.remoteAddress(), unhashed.details(), prevHash,
				AuditChain.hashOf(unhashed));
	}

	private long insert(String sql, Object... values) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement(sql, new String[] { "id" });
			for (int i = 0; i < values.length; i++) {
				ps.setObject(i + 1, values[i]);
			}
			return ps;
		}, keys);
		Number key = keys.getKey();
		return (key != null) ? key.longValue() : -1;
	}

	private static OffsetDateTime time(String iso) {
		return (iso != null) ? OffsetDateTime.ofInstant(Instant.parse(iso), ZoneOffset.UTC) : null;
	}

	private static String iso(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant().toString() : null;
	}

	/**
	 * @param lastEventId the newest event's id, {@code null} when the log is empty
	 * @param lastHash its hash (the genesis hash when empty)
	 */
	record Head(Long lastEventId, String lastHash) {
	}

	/**
	 * @param users users
	 * @param tokens API tokens
	 * @param monitors monitors made in the UI or API
	 * @param auditEvents audit events
	 */
	record Occupancy(long users, long tokens, long monitors, long auditEvents) {

		boolean empty() {
			return this.users == 0 && this.tokens == 0 && this.monitors == 0 && this.auditEvents == 0;
		}

	}

}
