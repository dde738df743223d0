package dev.mamori.monitor.action;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code action_run} table: one short statement per change, never a transaction around a
 * running command.
 */
@Repository
class ActionRuns {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String COLUMNS = "id, action_id, app_id, status, requested_by, parameters, started_at, "
			+ "finished_at, duration_ms, exit_code, timed_out, output_tail, output_bytes, output_cut, message";

	private final JdbcTemplate jdbc;

	ActionRuns(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long start(String actionId, String appId, String requestedBy, Map<String, String> parameters, Instant at) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var ps = connection.prepareStatement("insert into action_run (action_id, app_id, status, requested_by, "
					+ "parameters, started_at) values (?, ?, 'RUNNING', ?, ?, ?)", new String[] { "id" });
			ps.setString(1, actionId);
			ps.setString(2, appId);
			ps.setString(3, requestedBy);
			ps.setString(4, json.writeValueAsString(parameters));
			ps.setTimestamp(5, Timestamp.from(at));
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	void finish(long id, boolean succeeded, Instant at, long durationMs, Integer exitCode, boolean timedOut,
			String output, long outputBytes, boolean outputCut, String message) {
		this.jdbc.update("update action_run set status = ?, finished_at = ?, duration_ms = ?, exit_code = ?, "
				+ "timed_out = ?, output_tail = ?, output_bytes = ?, output_cut = ?, message = ? where id = ?",
				succeeded ? "SUCCEEDED" : "FAILED", Timestamp.from(at), durationMs, exitCode, timedOut, output,
				outputBytes, outputCut, truncate(message, 2000), id);
	}

	/** Runs left RUNNING by a stopped server did not finish: say so instead of showing them forever. */
	int failInterrupted(Instant at) {
		return this.jdbc.update("update action_run set status = 'FAILED', finished_at = ?, "
				+ "message = 'interrupted: Mamori stopped while it ran' where status = 'RUNNING'", Timestamp.from(at));
	}

	Optional<ActionRunView> get(long id) {
		return this.jdbc.query("select " + COLUMNS + " from action_run where id = ?", ActionRuns::row, id)
			.stream()
			.findFirst();
	}

	List<ActionRunView> ofApp(String appId, int limit) {
		return this.jdbc.query("select " + COLUMNS + " from action_run where app_id = ? order by id desc limit ?",
				ActionRuns::row, appId, limit);
	}

	List<ActionRunView> ofAction(String actionId, int limit) {
		return this.jdbc.query("select " + COLUMNS + " from action_run where action_id = ? order by id desc limit ?",
				ActionRuns::row, actionId, limit);
	}

	List<ActionRunView> recent(int limit) {
		return this.jdbc.query("select " + COLUMNS + " from action_run order by id desc limit ?", ActionRuns::row, limit);
	}

	private static ActionRunView row(ResultSet rs, int n) throws SQLException {
		Timestamp finished = rs.getTimestamp("finished_at");
		Map<String, String> parameters = json.readValue(rs.getString("parameters"),
				new TypeReference<LinkedHashMap<String, String>>() {
				});
		return new ActionRunView(rs.getLong("id"), rs.getString("action_id"), rs.getString("app_id"),
				rs.getString("status"), rs.getString("requested_by"), parameters, rs.getTimestamp("started_at").toInstant(),
				(finished != null) ? finished.toInstant() : null, (Long) rs.getObject("duration_ms", Long.class),
				(Integer) rs.getObject("exit_code", Integer.class), rs.getBoolean("timed_out"), rs.getString("output_tail"),
				rs.getLong("output_bytes"), rs.getBoolean("output_cut"), rs.getString("message"));
	}

	private static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
