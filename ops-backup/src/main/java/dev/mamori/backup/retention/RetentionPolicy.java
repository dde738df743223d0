package dev.mamori.backup.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;


/**
 * Decides keep or delete for every snapshot of an app, with the rule that decided.
 * <p>
 * Keep rules follow restic: {@code keep-last} keeps the newest N; {@code keep-daily},
 * {@code keep-weekly}, {@code keep-monthly} keep the newest snapshot of each of the last N days,
 * ISO weeks, months that have one. Corrupt snapshots never count toward those (a corrupt one
 * never takes the place of a usable one). Safety rules always win:
 * <ul>
 * <li>the newest {@code min-good} good snapshots are kept;</li>
 * <li>nothing is deleted while the newest run failed, or while the newest good snapshot is older
 * than twice the schedule period (the backups may be broken: keep what we have);</li>
 * <li>pre-restore safety snapshots are kept for {@code safety-snapshot-days};</li>
 * <li>the only good snapshot is never deleted.</li>
 * </ul>
 */
public final class RetentionPolicy {

	private RetentionPolicy() {
	}

	/**
	 * @param snapshots every snapshot of the app, in any order
	 * @param rules the app's retention
	 * @param newestRunFailed whether the app's most recent backup run failed
	 * @param schedulePeriod the time between two scheduled backups, or {@code null} when unscheduled
	 * @param now the current time
	 * @param zone the time zone that days, weeks and months are counted in
	 * @return one decision per snapshot, newest first
	 */
	public static List<Decision> plan(List<Candidate> snapshots, Retention rules, boolean newestRunFailed,
			Duration schedulePeriod, Instant now, ZoneId zone) {
		List<Candidate> newestFirst = new ArrayList<>(snapshots);
		newestFirst.sort(Comparator.comparing(Candidate::createdAt).reversed().thenComparing(Candidate::id,
				Comparator.reverseOrder()));
		List<Candidate> good = newestFirst.stream().filter(Candidate::good).toList();
		// Unverified archives (verify: false) count for the keep rules; corrupt ones never do.
		List<Candidate> usable = newestFirst.stream().filter((c) -> !c.corrupt()).toList();
		Map<Long, String> keep = new LinkedHashMap<>();

		String hold = null;
		if (newestRunFailed) {
			hold = "newest backup run failed: nothing is pruned until a backup succeeds";
		}
		else if (usable.isEmpty()) {
			hold = "no usable snapshot yet: nothing is pruned";
		}
		else if (schedulePeriod != null && usable.get(0).createdAt().isBefore(now.minus(schedulePeriod.multipliedBy(2)))) {
			hold = "newest snapshot is older than twice the schedule period: nothing is pruned";
		}

		if (!usable.isEmpty()) {
			keep.put(usable.get(0).id(), "newest usable snapshot: never the only copy deleted");
		}
		for (int i = 0; i < Math.min(rules.minGood(), good.size()); i++) {
			keep.putIfAbsent(good.get(i).id(), "min-good: one of the newest " + rules.minGood() + " good snapshots");
		}
		for (Candidate candidate : newestFirst) {
			if (candidate.safety() && candidate.createdAt().isAfter(now.minus(Duration.ofDays(rules.safetySnapshotDays())))) {
				keep.putIfAbsent(candidate.id(), "pre-restore safety snapshot, kept " + rules.safetySnapshotDays() + " days");
			}
		}
		List<Candidate> regular = usable.stream().filter((c) -> !c.safety()).toList();
		for (int i = 0; i < Math.min(rules.keepLast(), regular.size()); i++) {
			keep.putIfAbsent(regular.get(i).id(), "keep-last " + rules.keepLast());
		}
		bucket(regular, rules.keepDaily(), (c) -> LocalDate.ofInstant(c.createdAt(), zone), "keep-daily", keep);
		bucket(regular, rules.keepWeekly(), (c) -> {
			LocalDate day = LocalDate.ofInstant(c.createdAt(), zone);
			return day.get(IsoFields.WEEK_BASED_YEAR) * 100 + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
		}, "keep-weekly", keep);
		bucket(regular, rules.keepMonthly(), (c) -> {
			LocalDate day = LocalDate.ofInstant(c.createdAt(), zone);
			return day.getYear() * 100 + day.getMonthValue();
		}, "keep-monthly", keep);

		List<Decision> decisions = new ArrayList<>();
		for (Candidate candidate : newestFirst) {
			String reason = keep.get(candidate.id());
			if (reason != null) {
				decisions.add(new Decision(candidate, true, reason));
			}
			else if (hold != null) {
				decisions.add(new Decision(candidate, true, hold));
			}
			else {
				decisions.add(new Decision(candidate, false,
						candidate.corrupt() ? "corrupt and matches no keep rule" : "matches no keep rule"));
			}
		}
		return decisions;
	}

	private static void bucket(List<Candidate> newestFirst, int count, Function<Candidate, Object> period, String rule,
			Map<Long, String> keep) {
		Set<Object> seen = new HashSet<>();
		Map<Object, Candidate> chosen = new HashMap<>();
		for (Candidate candidate : newestFirst) {
			if (seen.size() >= count) {
				break;
			}
			Object key = period.apply(candidate);
			if (seen.add(key)) {
				chosen.put(key, candidate);
				keep.putIfAbsent(candidate.id(), rule + " " + count + " (" + key + ")");
			}
		}
	}

	/**
	 * A snapshot as retention sees it.
	 * @param id catalog id
	 * @param createdAt when the backup started
	 * @param status GOOD, UNVERIFIED or CORRUPT
	 * @param safety whether it is a pre-restore safety snapshot
	 * @param suspect whether anomaly detection found its data dropped sharply: never counted as good
	 */
	public record Candidate(long id, Instant createdAt, String status, boolean safety, boolean suspect) {

		/**
		 * A candidate anomaly detection did not mark.
		 * @param id catalog id
		 * @param createdAt when the backup started
		 * @param status GOOD, UNVERIFIED or CORRUPT
		 * @param safety whether it is a pre-restore safety snapshot
		 */
		public Candidate(long id, Instant createdAt, String status, boolean safety) {
			this(id, createdAt, status, safety, false);
		}

		boolean good() {
			return "GOOD".equals(this.status) && !this.suspect;
		}

		boolean corrupt() {
			return "CORRUPT".equals(this.status);
		}

	}

	/**
	 * @param snapshot the snapshot
	 * @param keep whether it stays
	 * @param reason the rule that decided
	 */
	public record Decision(Candidate snapshot, boolean keep, String reason) {
	}

}
