package dev.mamori.monitor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Monitor rows, check results, incidents and their timelines, with plain JDBC: results arrive tens
 * of times a second and are written in batches.
 */
@Component
class MonitorStore implements IncidentRecords {

	private static final String MONITOR_COLUMNS = "id, name, origin, type, definition, heartbeat_token, paused, state, "
			+ "state_since, failures, successes, last_checked_at, last_up, last_message, last_response_ms, "
			+ "last_ping_at, open_incident_id, created_at";

	private static final RowMapper<MonitorRow> MONITOR = (rs, i) -> new MonitorRow(rs.getLong(1), rs.getString(2),
			rs.getString(3), MonitorType.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getBoolean(7),
			MonitorState.valueOf(rs.getString(8)), instant(rs, 9), rs.getInt(10), rs.getInt(11), instant(rs, 12),
			(Boolean) rs.getObject(13), rs.getString(14), (Long) longOrNull(rs, 15), instant(rs, 16),
			(Long) longOrNull(rs, 17), instant(rs, 18));

	private static final RowMapper<IncidentView> INCIDENT = (rs, i) -> new IncidentView(rs.getLong(1), rs.getLong(2),
			rs.getString(3), rs.getString(4), instant(rs, 5), instant(rs, 6), (Long) longOrNull(rs, 7), rs.getString(8),
			rs.getString(9), rs.getString(10), instant(rs, 11), rs.getBoolean(12), rs.getInt(13), List.of());

	private static final String INCIDENT_COLUMNS = "id, monitor_id, monitor_name, app_id, opened_at, closed_at, "
			+ "duration_ms, first_error, last_error, acked_by, acked_at, escalated, remediation_attempts";

	private final JdbcTemplate jdbc;

	MonitorStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	// Monitors

	List<MonitorRow> all() {
		return this.jdbc.query("select " + MONITOR_COLUMNS + " from monitor order by name", MONITOR);
	}

	Optional<MonitorRow> find(long id) {
		return this.jdbc.query("select " + MONITOR_COLUMNS + " from monitor where id = ?", MONITOR, id)
			.stream()
			.findFirst();
	}

	Optional<MonitorRow> findByName(String name) {
		return this.jdbc.query("select " + MONITOR_COLUMNS + " from monitor where name = ?", MONITOR, name)
			.stream()
			.findFirst();
	}

	Optional<MonitorRow> findByHeartbeatToken(String token) {
		return this.jdbc.query("select " + MONITOR_COLUMNS + " from monitor where heartbeat_token = ?", MONITOR, token)
			.stream()
			.findFirst();
	}

	Map<Long, MonitorRow> findAll(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		String in = ids.stream().map((id) -> "?").collect(Collectors.joining(","));
		return this.jdbc.query("select " + MONITOR_COLUMNS + " from monitor where id in (" + in + ")", MONITOR,
				ids.toArray())
			.stream()
			.collect(Collectors.toMap(MonitorRow::id, (row) -> row));
	}

	long insert(String name, String origin, MonitorType type, String definitionJson, String heartbeatToken,
			Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement("insert into monitor (name, origin, type, definition, "
					+ "heartbeat_token, paused, state, state_since, failures, successes, created_at, updated_at) "
					+ "values (?, ?, ?, ?, ?, false, 'PENDING', ?, 0, 0, ?, ?)", new String[] { "id" });
			ps.setString(1, name);
			ps.setString(2, origin);
			ps.setString(3, type.name());
			ps.setString(4, definitionJson);
			ps.setString(5, heartbeatToken);
			ps.setTimestamp(6, Timestamp.from(now));
			ps.setTimestamp(7, Timestamp.from(now));
			ps.setTimestamp(8, Timestamp.from(now));
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	void updateDefinition(long id, MonitorType type, String definitionJson, String heartbeatToken, Instant now) {
		this.jdbc.update("update monitor set type = ?, definition = ?, heartbeat_token = ?, updated_at = ? where id = ?",
				type.name(), definitionJson, heartbeatToken, Timestamp.from(now), id);
	}

	void delete(long id) {
		this.jdbc.update("delete from monitor_result where monitor_id = ?", id);
		this.jdbc.update("delete from monitor_rollup where monitor_id = ?", id);
		this.jdbc.update("delete from monitor where id = ?", id);
	}

	void setPaused(long id, boolean paused, MonitorState state, Instant now) {
		this.jdbc.update("update monitor set paused = ?, state = ?, state_since = ?, failures = 0, successes = 0, "
				+ "updated_at = ? where id = ?", paused, state.name(), Timestamp.from(now), Timestamp.from(now), id);
	}

	void recordPing(long id, Instant now) {
		this.jdbc.update("update monitor set last_ping_at = ? where id = ?", Timestamp.from(now), id);
	}

	/**
	 * Claims the next check of each monitor for this instance.
	 * @return for each id, whether this instance got it
	 */
	boolean[] claim(List<Long> ids, List<Instant> until, String owner, Instant now) {
		int[][] counts = this.jdbc.batchUpdate(
				"update monitor set claim_until = ?, claimed_by = ? where id = ? and (claim_until is null or claim_until <= ?)",
				indexes(ids.size()), 200, (ps, i) -> {
					ps.setTimestamp(1, Timestamp.from(until.get(i)));
					ps.setString(2, owner);
					ps.setLong(3, ids.get(i));
					ps.setTimestamp(4, Timestamp.from(now));
				});
		boolean[] claimed = new boolean[ids.size()];
		int k = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				claimed[k++] = count != 0;
			}
		}
		return claimed;
	}

	/** Writes the state and counters of monitors after their results were applied. */
	void saveStates(List<MonitorRow> rows) {
		this.jdbc.batchUpdate("update monitor set state = ?, state_since = ?, failures = ?, successes = ?, "
				+ "last_checked_at = ?, last_up = ?, last_message = ?, last_response_ms = ?, open_incident_id = ? "
				+ "where id = ? and paused = false", rows, 200, (ps, row) -> {
					ps.setString(1, row.state().name());
					ps.setTimestamp(2, Timestamp.from(row.stateSince()));
					ps.setInt(3, row.failures());
					ps.setInt(4, row.successes());
					setTimestamp(ps, 5, row.lastCheckedAt());
					if (row.lastUp() == null) {
						ps.setNull(6, Types.BOOLEAN);
					}
					else {
						ps.setBoolean(6, row.lastUp());
					}
					ps.setString(7, truncate(row.lastMessage(), 1000));
					setLong(ps, 8, row.lastResponseMs());
					setLong(ps, 9, row.openIncidentId());
					ps.setLong(10, row.id());
				});
	}

	void insertResults(List<StoredResult> results) {
		this.jdbc.batchUpdate("insert into monitor_result (monitor_id, checked_at, up, maintenance, response_ms, message) "
				+ "values (?, ?, ?, ?, ?, ?)", results, 500, (ps, r) -> {
					ps.setLong(1, r.monitorId());
					ps.setTimestamp(2, Timestamp.from(r.checkedAt()));
					ps.setBoolean(3, r.up());
					ps.setBoolean(4, r.maintenance());
					if (r.responseMs() == null) {
						ps.setNull(5, Types.INTEGER);
					}
					else {
						ps.setInt(5, (int) Math.min(Integer.MAX_VALUE, r.responseMs()));
					}
					ps.setString(6, truncate(r.message(), 500));
				});
	}

	List<StoredResult> results(long monitorId, Instant from, Instant to, int limit) {
		return this.jdbc.query("select monitor_id, checked_at, up, maintenance, response_ms, message from monitor_result "
				+ "where monitor_id = ? and checked_at >= ? and checked_at < ? order by checked_at desc limit " + limit,
				(rs, i) -> new StoredResult(rs.getLong(1), instant(rs, 2), rs.getBoolean(3), rs.getBoolean(4),
						(Long) longOrNull(rs, 5), rs.getString(6)),
				monitorId, Timestamp.from(from), Timestamp.from(to));
	}

	// Incidents

	long openIncident(MonitorRow monitor, String appId, Instant now, String error) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement("insert into incident (monitor_id, monitor_name, app_id, "
					+ "opened_at, first_error, last_error, escalated, remediation_attempts, last_notified_at) "
					+ "values (?, ?, ?, ?, ?, ?, false, 0, ?)", new String[] { "id" });
			ps.setLong(1, monitor.id());
			ps.setString(2, monitor.name());
			ps.setString(3, appId);
			ps.setTimestamp(4, Timestamp.from(now));
			ps.setString(5, truncate(error, 1000));
			ps.setString(6, truncate(error, 1000));
			ps.setTimestamp(7, Timestamp.from(now));
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	void closeIncident(long id, Instant now) {
		Instant opened = this.jdbc.query("select opened_at from incident where id = ?", (rs, i) -> instant(rs, 1), id)
			.stream()
			.findFirst()
			.orElse(now);
		this.jdbc.update("update incident set closed_at = ?, duration_ms = ? where id = ? and closed_at is null",
				Timestamp.from(now), now.toEpochMilli() - opened.toEpochMilli(), id);
	}

	void incidentError(long id, String error) {
		this.jdbc.update("update incident set last_error = ? where id = ?", truncate(error, 1000), id);
	}

	@Override
	public void remediationAttempted(long id, int attempts) {
		this.jdbc.update("update incident set remediation_attempts = ? where id = ?", attempts, id);
	}

	@Override
	public void escalated(long id) {
		this.jdbc.update("update incident set escalated = true where id = ?", id);
	}

	boolean ack(long id, String by, Instant now) {
		return this.jdbc.update("update incident set acked_by = ?, acked_at = ? where id = ? and acked_by is null", by,
				Timestamp.from(now), id) == 1;
	}

	@Override
	public Optional<IncidentView> incident(long id) {
		return this.jdbc.query("select " + INCIDENT_COLUMNS + " from incident where id = ?", INCIDENT, id)
			.stream()
			.findFirst()
			.map((incident) -> incident.withTimeline(timeline(id)));
	}

	List<IncidentView> incidents(Boolean open, Long monitorId, int limit) {
		List<Object> args = new ArrayList<>();
		StringBuilder sql = new StringBuilder("select " + INCIDENT_COLUMNS + " from incident where 1 = 1");
		if (open != null) {
			sql.append(open ? " and closed_at is null" : " and closed_at is not null");
		}
		if (monitorId != null) {
			sql.append(" and monitor_id = ?");
			args.add(monitorId);
		}
		sql.append(" order by opened_at desc, id desc limit ").append(limit);
		return this.jdbc.query(sql.toString(), INCIDENT, args.toArray());
	}

	@Override
	public void event(long incidentId, Instant at, String kind, String message, String details) {
		this.jdbc.update("insert into incident_event (incident_id, at, kind, message, details) values (?, ?, ?, ?, ?)",
				incidentId, Timestamp.from(at), kind, truncate(message, 1000), truncate(details, 8000));
	}

	List<IncidentView.Event> timeline(long incidentId) {
		return this.jdbc.query("select at, kind, message, details from incident_event where incident_id = ? order by id",
				(rs, i) -> new IncidentView.Event(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4)),
				incidentId);
	}

	// Helpers

	static Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static Object longOrNull(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static void setTimestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
		}
		else {
			ps.setTimestamp(index, Timestamp.from(value));
		}
	}

	private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.BIGINT);
		}
		else {
			ps.setLong(index, value);
		}
	}

	static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	private static List<Integer> indexes(int n) {
		List<Integer> list = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			list.add(i);
		}
		return list;
	}

	/**
	 * One check result as stored.
	 * @param monitorId the monitor
	 * @param checkedAt when
	 * @param up whether it passed
	 * @param maintenance whether a maintenance window was open
	 * @param responseMs response or check time
	 * @param message what was found
	 */
	record StoredResult(long monitorId, Instant checkedAt, boolean up, boolean maintenance, Long responseMs,
			String message) {
	}

}
