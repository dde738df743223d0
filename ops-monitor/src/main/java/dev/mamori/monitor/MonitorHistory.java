package dev.mamori.monitor;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the history bounded: raw results are rolled up per hour (count up and down, average and
 * 95th percentile response time) and per day (UTC days, from the hourly rollups), then deleted
 * after the raw retention; rollups are deleted after theirs. Uptime comes from the hourly rollups
 * plus the raw results of the hours not rolled up yet, so it agrees with the raw results exactly.
 * With several instances, one runs the job at a time (a claim in {@code monitor_job}).
 */
@Component
class MonitorHistory {

	private static final Logger logger = LoggerFactory.getLogger(MonitorHistory.class);

	private static final String JOB = "rollup";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MonitoringSettings settings;

	private final Clock clock;

	/** The length of a sparkline's point. */
	static final Duration SLOT = Duration.ofMinutes(30);

	/** How long after its end a half hour's response times are taken as final. */
	static final Duration SETTLE = Duration.ofMinutes(10);

	/** See {@link #halfHourResponseTimes}: closed half hours by start; guarded by itself. */
	private final TreeMap<Instant, SlotSums> slots = new TreeMap<>();

	/** See {@link #rolledUpCounts}; guarded by this. */
	private RollupCounts rollupCounts;

	MonitorHistory(JdbcTemplate jdbc, TransactionTemplate transactions, MonitoringSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Rolls up every complete hour and day not rolled up yet, then prunes, if no other instance is
	 * doing it.
	 * @return whether this instance ran the job
	 */
	boolean rollUpAndPrune() {
		Instant now = this.clock.instant();
		int claimed = this.jdbc.update("update monitor_job set owner = ?, claim_until = ? where name = ? "
				+ "and (claim_until is null or claim_until < ? or owner = ?)", MonitorEngine.INSTANCE,
				Timestamp.from(now.plus(Duration.ofMinutes(30))), JOB, Timestamp.from(now), MonitorEngine.INSTANCE);
		if (claimed == 0) {
			return false;
		}
		try {
			Instant watermark = rollUpHours(now);
			rollUpDays(watermark);
			prune(now, watermark);
		}
		finally {
			this.jdbc.update("update monitor_job set claim_until = null where name = ? and owner = ?", JOB,
					MonitorEngine.INSTANCE);
		}
		return true;
	}

	/** @return the end of the hours rolled up so far */
	private Instant rollUpHours(Instant now) {
		Instant end = now.truncatedTo(ChronoUnit.HOURS);
		Instant hour = watermark().orElse(null);
		if (hour == null) {
			Timestamp first = this.jdbc.queryForObject("select min(checked_at) from monitor_result", Timestamp.class);
			if (first == null) {
				return end;
			}
			hour = first.toInstant().truncatedTo(ChronoUnit.HOURS);
		}
		while (hour.isBefore(end)) {
			Timestamp next = this.jdbc.queryForObject("select min(checked_at) from monitor_result where checked_at >= ?",
					Timestamp.class, Timestamp.from(hour));
			if (next == null || !next.toInstant().isBefore(end)) {
				hour = end;
				break;
			}
			// Skip hours without results in one step.
			hour = next.toInstant().truncatedTo(ChronoUnit.HOURS);
			Instant from = hour;
			this.transactions.executeWithoutResult((status) -> rollUpHour(from));
			hour = hour.plus(1, ChronoUnit.HOURS);
			setWatermark(hour);
		}
		setWatermark(end);
		return end;
	}

	private void rollUpHour(Instant hour) {
		Instant end = hour.plus(1, ChronoUnit.HOURS);
		Map<Long, Bucket> buckets = new HashMap<>();
		this.jdbc.query("select monitor_id, up, maintenance, response_ms from monitor_result "
				+ "where checked_at >= ? and checked_at < ?", (rs) -> {
					Bucket bucket = buckets.computeIfAbsent(rs.getLong(1), (id) -> new Bucket());
					int response = rs.getInt(4);
					Integer responseMs = rs.wasNull() ? null : response;
					bucket.add(rs.getBoolean(2), rs.getBoolean(3), responseMs);
				}, Timestamp.from(hour), Timestamp.from(end));
		write("HOUR", hour, buckets);
	}

	private void rollUpDays(Instant hoursDone) {
		Instant dayEnd = hoursDone.truncatedTo(ChronoUnit.DAYS);
		Timestamp last = this.jdbc.queryForObject("select max(bucket_start) from monitor_rollup where period = 'DAY'",
				Timestamp.class);
		Instant day;
		if (last != null) {
			day = last.toInstant().plus(1, ChronoUnit.DAYS);
		}
		else {
			Timestamp first = this.jdbc.queryForObject("select min(bucket_start) from monitor_rollup where period = 'HOUR'",
					Timestamp.class);
			if (first == null) {
				return;
			}
			day = first.toInstant().truncatedTo(ChronoUnit.DAYS);
		}
		for (; day.isBefore(dayEnd); day = day.plus(1, ChronoUnit.DAYS)) {
			Instant from = day;
			this.transactions.executeWithoutResult((status) -> rollUpDay(from));
		}
	}

	private void rollUpDay(Instant day) {
		Map<Long, Bucket> buckets = new HashMap<>();
		this.jdbc.query("select monitor_id, up_count, down_count, maintenance_count, response_count, response_sum_ms, "
				+ "p95_ms, max_ms from monitor_rollup where period = 'HOUR' and bucket_start >= ? and bucket_start < ?",
				(rs) -> {
					Bucket bucket = buckets.computeIfAbsent(rs.getLong(1), (id) -> new Bucket());
					bucket.up += rs.getInt(2);
					bucket.down += rs.getInt(3);
					bucket.maintenance += rs.getInt(4);
					bucket.responses += rs.getInt(5);
					bucket.responseSum += rs.getLong(6);
					// The day's p95 is the highest hourly p95: an upper bound, as the raw results are gone.
					bucket.p95 = Math.max(bucket.p95, rs.getInt(7));
					bucket.max = Math.max(bucket.max, rs.getInt(8));
				}, Timestamp.from(day), Timestamp.from(day.plus(1, ChronoUnit.DAYS)));
		write("DAY", day, buckets);
	}

	private void write(String period, Instant start, Map<Long, Bucket> buckets) {
		this.jdbc.update("delete from monitor_rollup where period = ? and bucket_start = ?", period, Timestamp.from(start));
		List<Map.Entry<Long, Bucket>> rows = new ArrayList<>(buckets.entrySet());
		this.jdbc.batchUpdate("insert into monitor_rollup (monitor_id, period, bucket_start, up_count, down_count, "
				+ "maintenance_count, response_count, response_sum_ms, p95_ms, max_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				rows, 500, (ps, e) -> {
					Bucket b = e.getValue();
					ps.setLong(1, e.getKey());
					ps.setString(2, period);
					ps.setTimestamp(3, Timestamp.from(start));
					ps.setInt(4, b.up);
					ps.setInt(5, b.down);
					ps.setInt(6, b.maintenance);
					ps.setInt(7, b.responses);
					ps.setLong(8, b.responseSum);
					ps.setInt(9, b.p95());
					ps.setInt(10, b.max);
				});
	}

	private void prune(Instant now, Instant rolledUpTo) {
		Instant rawCutoff = now.minus(this.settings.rawRetention());
		// Never delete raw results that are not rolled up yet.
		if (rawCutoff.isAfter(rolledUpTo)) {
			rawCutoff = rolledUpTo;
		}
		int raw = this.jdbc.update("delete from monitor_result where checked_at < ?", Timestamp.from(rawCutoff));
		int hourly = this.jdbc.update("delete from monitor_rollup where period = 'HOUR' and bucket_start < ?",
				Timestamp.from(now.minus(this.settings.hourlyRetention())));
		int daily = this.jdbc.update("delete from monitor_rollup where period = 'DAY' and bucket_start < ?",
				Timestamp.from(now.minus(this.settings.dailyRetention())));
		int notifications = this.jdbc.update("delete from notification where created_at < ?",
				Timestamp.from(now.minus(this.settings.hourlyRetention())));
		if (raw + hourly + daily + notifications > 0) {
			logger.debug("Pruned {} raw results, {} hourly and {} daily rollups, {} notifications", raw, hourly, daily,
					notifications);
		}
	}

	/**
	 * @param monitorId the monitor
	 * @param from start, inclusive
	 * @param to end, exclusive
	 * @return uptime from the hourly rollups for the rolled-up hours and the raw results after them
	 */
	Uptime uptime(long monitorId, Instant from, Instant to) {
		Instant rolled = watermark().orElse(Instant.EPOCH);
		Instant hourFrom = from.truncatedTo(ChronoUnit.HOURS);
		long[] counts = new long[2];
		if (hourFrom.isBefore(rolled)) {
			this.jdbc.query("select coalesce(sum(up_count), 0), coalesce(sum(down_count), 0) from monitor_rollup "
					+ "where monitor_id = ? and period = 'HOUR' and bucket_start >= ? and bucket_start < ?", (rs) -> {
						counts[0] += rs.getLong(1);
						counts[1] += rs.getLong(2);
					}, monitorId, Timestamp.from(hourFrom), Timestamp.from(min(rolled, to)));
		}
		Uptime raw = uptimeFromRaw(monitorId, max(rolled, from), to);
		return new Uptime(counts[0] + raw.up(), counts[1] + raw.down());
	}

	/**
	 * Uptime of every monitor over several windows ending at {@code to}, counted as
	 * {@link #uptime(long, Instant, Instant)} counts it for one monitor and one window, in two
	 * queries whatever the number of monitors (pages list hundreds of them).
	 * @param froms the windows' starts
	 * @param to their common end, exclusive
	 * @return per monitor with any check in a window, its counts per window, in the order of
	 * {@code froms}
	 */
	Map<Long, Uptime[]> uptimes(List<Instant> froms, Instant to) {
		Instant rolled = watermark().orElse(Instant.EPOCH);
		int n = froms.size();
		Map<Long, long[]> counts = new HashMap<>();
		List<Instant> hourFroms = froms.stream().map((from) -> from.truncatedTo(ChronoUnit.HOURS)).toList();
		counts.putAll(rolledUpCounts(hourFroms, min(rolled, to)));
		// The raw results after the rolled-up hours; per window from max(rolled, its start).
		StringBuilder raw = new StringBuilder();
		List<Object> rawArgs = new ArrayList<>();
		Instant earliestRaw = to;
		for (Instant from : froms) {
			raw.append(", sum(case when checked_at >= ? then 1 else 0 end)");
			Instant start = max(rolled, from);
			rawArgs.add(Timestamp.from(start));
			earliestRaw = min(earliestRaw, start);
		}
		rawArgs.add(Timestamp.from(earliestRaw));
		rawArgs.add(Timestamp.from(to));
		this.jdbc.query("select monitor_id, up" + raw + " from monitor_result where maintenance = false "
				+ "and checked_at >= ? and checked_at < ? group by monitor_id, up", (rs) -> {
					long[] c = counts.computeIfAbsent(rs.getLong(1), (id) -> new long[2 * n]);
					int offset = rs.getBoolean(2) ? 0 : 1;
					for (int i = 0; i < n; i++) {
						c[2 * i + offset] += rs.getLong(3 + i);
					}
				}, rawArgs.toArray());
		Map<Long, Uptime[]> uptimes = new HashMap<>();
		counts.forEach((id, c) -> {
			if (Arrays.stream(c).allMatch((v) -> v == 0)) {
				// Its rolled-up hours all left the windows: no check in any of them.
				return;
			}
			Uptime[] windows = new Uptime[n];
			for (int i = 0; i < n; i++) {
				windows[i] = new Uptime(c[2 * i], c[2 * i + 1]);
			}
			uptimes.put(id, windows);
		});
		return uptimes;
	}

	/**
	 * Up and down counts of every monitor in the hourly rollups of each window, {@code [start, end)}.
	 * Rolled-up hours never change, so the sums are kept between calls and moved with the windows:
	 * the hours that left a window are subtracted and the hours rolled up since are added, each a
	 * query of an hour or two of rollups, rather than 30 days of them (a second for 1,000 monitors on
	 * H2) on every page view. A first call, or a jump of more than two days, sums from scratch.
	 * @param starts the windows' first hours
	 * @param end the end of the rolled-up hours counted
	 * @return per monitor, up and down of each window in turn (a copy)
	 */
	private synchronized Map<Long, long[]> rolledUpCounts(List<Instant> starts, Instant end) {
		int n = starts.size();
		RollupCounts cached = this.rollupCounts;
		if (cached != null && cached.incrementalTo(starts, end)) {
			for (int i = 0; i < n; i++) {
				Instant leftTo = min(starts.get(i), cached.end);
				if (cached.starts.get(i).isBefore(leftTo)) {
					int window = i;
					this.jdbc.query("select monitor_id, sum(up_count), sum(down_count) from monitor_rollup "
							+ "where period = 'HOUR' and bucket_start >= ? and bucket_start < ? group by monitor_id", (rs) -> {
								long[] c = cached.counts.computeIfAbsent(rs.getLong(1), (id) -> new long[2 * n]);
								c[2 * window] -= rs.getLong(2);
								c[2 * window + 1] -= rs.getLong(3);
							}, Timestamp.from(cached.starts.get(i)), Timestamp.from(leftTo));
				}
			}
			if (cached.end.isBefore(end)) {
				sumRollups(starts, max(cached.end, starts.stream().min(Instant::compareTo).orElse(end)), end,
						cached.counts);
			}
			this.rollupCounts = new RollupCounts(List.copyOf(starts), end, cached.counts);
			return copy(cached.counts);
		}
		Map<Long, long[]> counts = new HashMap<>();
		Instant earliest = starts.stream().min(Instant::compareTo).orElse(end);
		if (earliest.isBefore(end)) {
			sumRollups(starts, earliest, end, counts);
		}
		this.rollupCounts = new RollupCounts(List.copyOf(starts), end, counts);
		return copy(counts);
	}

	private static Map<Long, long[]> copy(Map<Long, long[]> counts) {
		Map<Long, long[]> copy = new HashMap<>(counts.size() * 2);
		counts.forEach((id, c) -> copy.put(id, c.clone()));
		return copy;
	}

	/** Adds the hourly rollups in {@code [from, to)} to each window that holds them. */
	private void sumRollups(List<Instant> starts, Instant from, Instant to, Map<Long, long[]> counts) {
		int n = starts.size();
		StringBuilder sums = new StringBuilder();
		List<Object> args = new ArrayList<>();
		for (Instant start : starts) {
			sums.append(", coalesce(sum(case when bucket_start >= ? then up_count else 0 end), 0)")
				.append(", coalesce(sum(case when bucket_start >= ? then down_count else 0 end), 0)");
			args.add(Timestamp.from(start));
			args.add(Timestamp.from(start));
		}
		args.add(Timestamp.from(from));
		args.add(Timestamp.from(to));
		this.jdbc.query("select monitor_id" + sums + " from monitor_rollup where period = 'HOUR' "
				+ "and bucket_start >= ? and bucket_start < ? group by monitor_id", (rs) -> {
					long[] c = counts.computeIfAbsent(rs.getLong(1), (id) -> new long[2 * n]);
					for (int i = 0; i < 2 * n; i++) {
						c[i] += rs.getLong(2 + i);
					}
				}, args.toArray());
	}

	/**
	 * Sums of rolled-up hours kept between page views.
	 * @param starts each window's first hour
	 * @param end the end of the hours summed
	 * @param counts per monitor, up and down of each window in turn
	 */
	private record RollupCounts(List<Instant> starts, Instant end, Map<Long, long[]> counts) {

		private static final Duration MAX_STEP = Duration.ofDays(2);

		/** Whether moving to these windows costs a few hours of rollups rather than all of them. */
		boolean incrementalTo(List<Instant> newStarts, Instant newEnd) {
			if (newStarts.size() != this.starts.size() || newEnd.isBefore(this.end)
					|| Duration.between(this.end, newEnd).compareTo(MAX_STEP) > 0) {
				return false;
			}
			for (int i = 0; i < newStarts.size(); i++) {
				Instant start = this.starts.get(i);
				if (newStarts.get(i).isBefore(start) || Duration.between(start, newStarts.get(i)).compareTo(MAX_STEP) > 0
						|| newStarts.get(i).isAfter(newEnd)) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * Average response time of every monitor per half hour of the clock, for sparklines of all
	 * monitors: {@code count} half hours ending with the current one (which holds the results up to
	 * {@code until}). The sums of half hours that ended {@link #SETTLE} ago or more are kept between
	 * calls (results are stored when their check ends, at most a timeout after it started), so a
	 * page view reads only the raw results of the last few minutes rather than 24 hours of them
	 * (eight seconds for 1,000 monitors at one check a minute on H2).
	 * @param now the time the current half hour is taken from
	 * @param until end of the results read, exclusive
	 * @param count how many half hours
	 * @return per monitor with any response time in them, the average of each half hour, oldest
	 * first ({@code null} for one without)
	 */
	Map<Long, List<Double>> halfHourResponseTimes(Instant now, Instant until, int count) {
		long width = SLOT.toMillis();
		Instant current = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), width) * width);
		Instant first = current.minus(SLOT.multipliedBy(count - 1L));
		Instant settled = max(first,
				min(current, Instant.ofEpochMilli(Math.floorDiv(now.minus(SETTLE).toEpochMilli(), width) * width)));
		Map<Long, long[]> sums = new HashMap<>();
		synchronized (this.slots) {
			this.slots.headMap(first).clear();
			Instant missing = null;
			for (Instant slot = first; slot.isBefore(settled); slot = slot.plus(SLOT)) {
				if (!this.slots.containsKey(slot)) {
					missing = slot;
					break;
				}
			}
			if (missing != null) {
				Map<Instant, SlotSums> read = slotSums(missing, settled);
				for (Instant slot = missing; slot.isBefore(settled); slot = slot.plus(SLOT)) {
					this.slots.put(slot, read.getOrDefault(slot, SlotSums.EMPTY));
				}
			}
			this.slots.subMap(first, settled).forEach((slot, slotSums) -> slotSums
				.addTo(sums, (int) Duration.between(first, slot).dividedBy(SLOT), count));
		}
		slotSums(settled, until).forEach((slot, slotSums) -> slotSums.addTo(sums,
				(int) Math.min(count - 1, Duration.between(first, slot).dividedBy(SLOT)), count));
		Map<Long, List<Double>> averages = new HashMap<>();
		sums.forEach((id, sum) -> {
			List<Double> series = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				series.add((sum[2 * i + 1] > 0) ? ((double) sum[2 * i]) / sum[2 * i + 1] : null);
			}
			averages.put(id, series);
		});
		return averages;
	}

	/** Sums and counts of response times per monitor and half hour of {@code [from, until)}, by half hour. */
	private Map<Instant, SlotSums> slotSums(Instant from, Instant until) {
		Map<Instant, Map<Long, long[]>> bySlot = new HashMap<>();
		if (!from.isBefore(until)) {
			return Map.of();
		}
		long width = SLOT.toMillis();
		this.jdbc.query("select monitor_id, slot, sum(response_ms), count(*) from (select monitor_id, "
				+ "(cast(floor(extract(epoch from checked_at) * 1000) as bigint) - ?) / ? as slot, response_ms "
				+ "from monitor_result where response_ms is not null and checked_at >= ? and checked_at < ?) r "
				+ "group by monitor_id, slot", (rs) -> {
					Instant slot = from.plusMillis(rs.getLong(2) * width);
					long[] sum = bySlot.computeIfAbsent(slot, (k) -> new HashMap<>())
						.computeIfAbsent(rs.getLong(1), (k) -> new long[2]);
					sum[0] += rs.getLong(3);
					sum[1] += rs.getLong(4);
				}, from.toEpochMilli(), width, Timestamp.from(from), Timestamp.from(until));
		Map<Instant, SlotSums> sums = new HashMap<>();
		bySlot.forEach((slot, byMonitor) -> sums.put(slot, SlotSums.of(byMonitor)));
		return sums;
	}

	/** One half hour's response time sums, compact (three numbers a monitor). */
	private record SlotSums(long[] ids, long[] sums, long[] counts) {

		static final SlotSums EMPTY = new SlotSums(new long[0], new long[0], new long[0]);

		static SlotSums of(Map<Long, long[]> byMonitor) {
			int n = byMonitor.size();
			long[] ids = new long[n];
			long[] sums = new long[n];
			long[] counts = new long[n];
			int i = 0;
			for (Map.Entry<Long, long[]> entry : byMonitor.entrySet()) {
				ids[i] = entry.getKey();
				sums[i] = entry.getValue()[0];
				counts[i] = entry.getValue()[1];
				i++;
			}
			return new SlotSums(ids, sums, counts);
		}

		void addTo(Map<Long, long[]> totals, int index, int count) {
			for (int i = 0; i < this.ids.length; i++) {
				long[] total = totals.computeIfAbsent(this.ids[i], (k) -> new long[2 * count]);
				total[2 * index] += this.sums[i];
				total[2 * index + 1] += this.counts[i];
			}
		}

	}

	/**
	 * Average response time of every monitor in equal buckets of a time range, from the raw
	 * results, in one query: bucket {@code i} holds the results with
	 * {@code (checkedAt - from) * buckets / (to - from) == i} in milliseconds; those at or after
	 * {@code to} count in the last one.
	 * @param from start, inclusive
	 * @param to end of the last bucket
	 * @param until end of the results read, exclusive (at or after {@code to})
	 * @param buckets how many buckets
	 * @return per monitor with any response time in the range, the average per bucket ({@code null}
	 * for a bucket without one)
	 */
	Map<Long, List<Double>> responseTimes(Instant from, Instant to, Instant until, int buckets) {
		long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
		Map<Long, long[]> sums = new HashMap<>();
		Map<Long, long[]> counts = new HashMap<>();
		// Whole milliseconds since the epoch, as Instant.toEpochMilli() gives them, in both databases.
		this.jdbc.query("select monitor_id, bucket, sum(response_ms), count(*) from (select monitor_id, "
				+ "(cast(floor(extract(epoch from checked_at) * 1000) as bigint) - ?) * ? / ? as bucket, response_ms "
				+ "from monitor_result where response_ms is not null and checked_at >= ? and checked_at < ?) r "
				+ "group by monitor_id, bucket", (rs) -> {
					long id = rs.getLong(1);
					int bucket = (int) Math.min(buckets - 1, Math.max(0, rs.getLong(2)));
					sums.computeIfAbsent(id, (k) -> new long[buckets])[bucket] += rs.getLong(3);
					counts.computeIfAbsent(id, (k) -> new long[buckets])[bucket] += rs.getLong(4);
				}, from.toEpochMilli(), buckets, span, Timestamp.from(from), Timestamp.from(until));
		Map<Long, List<Double>> averages = new HashMap<>();
		sums.forEach((id, sum) -> {
			long[] count = counts.get(id);
			List<Double> series = new ArrayList<>(buckets);
			for (int i = 0; i < buckets; i++) {
				series.add((count[i] > 0) ? ((double) sum[i]) / count[i] : null);
			}
			averages.put(id, series);
		});
		return averages;
	}

	/**
	 * @return uptime counted from the raw results alone
	 */
	Uptime uptimeFromRaw(long monitorId, Instant from, Instant to) {
		long[] counts = new long[2];
		this.jdbc.query("select up, count(*) from monitor_result where monitor_id = ? and maintenance = false "
				+ "and checked_at >= ? and checked_at < ? group by up", (rs) -> {
					counts[rs.getBoolean(1) ? 0 : 1] += rs.getLong(2);
				}, monitorId, Timestamp.from(from), Timestamp.from(to));
		return new Uptime(counts[0], counts[1]);
	}

	/**
	 * @return rollups of a monitor in a time range, oldest first
	 */
	List<Rollup> rollups(long monitorId, String period, Instant from, Instant to) {
		return this.jdbc.query("select bucket_start, up_count, down_count, response_count, response_sum_ms, p95_ms, "
				+ "max_ms from monitor_rollup where monitor_id = ? and period = ? and bucket_start >= ? "
				+ "and bucket_start < ? order by bucket_start", (rs, i) -> new Rollup(rs.getTimestamp(1).toInstant(),
						rs.getInt(2), rs.getInt(3), (rs.getInt(4) > 0) ? rs.getLong(5) / rs.getInt(4) : null,
						rs.getInt(6), rs.getInt(7)),
				monitorId, period, Timestamp.from(from), Timestamp.from(to));
	}

	private Optional<Instant> watermark() {
		Timestamp watermark = this.jdbc.queryForObject("select watermark from monitor_job where name = ?",
				Timestamp.class, JOB);
		return Optional.ofNullable(watermark).map(Timestamp::toInstant);
	}

	private void setWatermark(Instant watermark) {
		this.jdbc.update("update monitor_job set watermark = ? where name = ?", Timestamp.from(watermark), JOB);
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/**
	 * Counts of passed and failed checks (maintenance excluded).
	 * @param up passed
	 * @param down failed
	 */
	record Uptime(long up, long down) {

		/**
		 * @return the percentage up, or {@code null} without checks
		 */
		Double percent() {
			long total = this.up + this.down;
			return (total == 0) ? null : 100.0 * this.up / total;
		}

	}

	/**
	 * One hour or day.
	 * @param start the bucket's start
	 * @param up passed checks
	 * @param down failed checks
	 * @param avgMs average response time
	 * @param p95Ms 95th percentile response time
	 * @param maxMs slowest response
	 */
	record Rollup(Instant start, int up, int down, Long avgMs, int p95Ms, int maxMs) {
	}

	private static final class Bucket {

		int up;

		int down;

		int maintenance;

		int responses;

		long responseSum;

		int p95;

		int max;

		private int[] samples = new int[16];

		private int sampleCount;

		void add(boolean isUp, boolean inMaintenance, Integer responseMs) {
			if (inMaintenance) {
				this.maintenance++;
			}
			else if (isUp) {
				this.up++;
			}
			else {
				this.down++;
			}
			if (responseMs != null) {
				this.responses++;
				this.responseSum += responseMs;
				this.max = Math.max(this.max, responseMs);
				if (this.sampleCount == this.samples.length) {
					this.samples = Arrays.copyOf(this.samples, this.samples.length * 2);
				}
				this.samples[this.sampleCount++] = responseMs;
			}
		}

		int p95() {
			if (this.sampleCount == 0) {
				return this.p95;
			}
			int[] sorted = Arrays.copyOf(this.samples, this.sampleCount);
			Arrays.sort(sorted);
			// Nearest-rank percentile.
			return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
		}

	}

}
