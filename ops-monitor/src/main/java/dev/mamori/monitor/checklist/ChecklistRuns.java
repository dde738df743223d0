package dev.mamori.monitor.checklist;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code checklist_run} and {@code checklist_item} tables.
 */
@Repository
class ChecklistRuns {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	ChecklistRuns(JdbcTemplate jdbc, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.tx = tx;
	}

	/**
	 * Creates the run of a period with its items, unless it exists (another instance made it).
	 * @return whether this call created it
	 */
	boolean create(String checklistId, Instant periodStart, Instant dueAt, Instant now, List<String> itemIds,
			List<Boolean> automatic) {
		try {
			return Boolean.TRUE.equals(this.tx.execute((status) -> {
				this.jdbc.update("insert into checklist_run (checklist_id, period_start, due_at, created_at) values (?, ?, ?, ?)",
						checklistId, Timestamp.from(periodStart), Timestamp.from(dueAt), Timestamp.from(now));
				Long id = this.jdbc.queryForObject(
						"select id from checklist_run where checklist_id = ? and period_start = ?", Long.class, checklistId,
						Timestamp.from(periodStart));
				for (int i = 0; i < itemIds.size(); i++) {
					this.jdbc.update("insert into checklist_item (run_id, item_id, position, automatic) values (?, ?, ?, ?)",
							id, itemIds.get(i), i, automatic.get(i));
				}
				return true;
			}));
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	Optional<Instant> newestPeriodStart(String checklistId) {
		return Optional.ofNullable(this.jdbc.queryForObject(
				"select max(period_start) from checklist_run where checklist_id = ?", Timestamp.class, checklistId))
			.map(Timestamp::toInstant);
	}

	List<RunRow> open() {
		return this.jdbc.query("select * from checklist_run where completed_at is null order by id", ChecklistRuns::run);
	}

	List<RunRow> ofChecklist(String checklistId, int limit) {
		return this.jdbc.query("select * from checklist_run where checklist_id = ? order by period_start desc limit ?",
				ChecklistRuns::run, checklistId, limit);
	}

	Optional<RunRow> run(long id) {
		return this.jdbc.query("select * from checklist_run where id = ?", ChecklistRuns::run, id).stream().findFirst();
	}

	List<ItemRow> items(long runId) {
		return this.jdbc.query("select * from checklist_item where run_id = ? order by position",
				(rs, n) -> new ItemRow(rs.getString("item_id"), rs.getBoolean("automatic"), instant(rs.getTimestamp("done_at")),
						rs.getString("done_by"), rs.getString("comment")),
				runId);
	}

	/** @return whether this call ticked it (it was open) */
	boolean tick(long runId, String itemId, Instant at, String by, String comment) {
		return this.jdbc.update("update checklist_item set done_at = ?, done_by = ?, comment = ? "
				+ "where run_id = ? and item_id = ? and done_at is null", Timestamp.from(at), by, comment, runId, itemId) == 1;
	}

	/** Marks the run complete when no item is open. */
	boolean completeIfDone(long runId, Instant at) {
		return this.jdbc.update("update checklist_run set completed_at = ? where id = ? and completed_at is null "
				+ "and not exists (select 1 from checklist_item where run_id = ? and done_at is null)", Timestamp.from(at),
				runId, runId) == 1;
	}

	/** @return whether this call claimed the one overdue alert of the run */
	boolean claimOverdueAlert(long runId, Instant at) {
		return this.jdbc.update("update checklist_run set overdue_alerted_at = ? where id = ? and overdue_alerted_at is null "
				+ "and completed_at is null", Timestamp.from(at), runId) == 1;
	}

	private static RunRow run(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new RunRow(rs.getLong("id"), rs.getString("checklist_id"), rs.getTimestamp("period_start").toInstant(),
				rs.getTimestamp("due_at").toInstant(), instant(rs.getTimestamp("completed_at")),
				instant(rs.getTimestamp("overdue_alerted_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	record RunRow(long id, String checklistId, Instant periodStart, Instant dueAt, Instant completedAt,
			Instant overdueAlertedAt) {
	}

	record ItemRow(String itemId, boolean automatic, Instant doneAt, String doneBy, String comment) {
	}

}
