package dev.mamori.backup.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.mamori.backup.retention.RetentionPolicy.Candidate;
import dev.mamori.backup.retention.RetentionPolicy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot histories in, the kept days out: each case names the history, the rules and exactly
 * which snapshots survive.
 */
class RetentionPolicyTests {

	static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z"); // a Monday, ISO week 48

	static final Duration DAILY = Duration.ofDays(1);

	static Stream<Arguments> histories() {
		return Stream.of(
				Arguments.of("daily for a year, restic-style GFS", daily("2025-11-24", "2026-11-23"),
						new Retention(7, 7, 4, 6, 3, 30), false, DAILY,
						days("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22",
								"2026-11-23", // last 7 and daily 7
								"2026-11-15", "2026-11-08", // weekly: weeks 46 and 45 (47 and 48 already kept)
								"2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30")), // monthly
				Arguments.of("gaps: daily keeps the last 3 days that have one, however far back",
						history("2026-11-23", "2026-11-20", "2026-11-12", "2026-11-01", "2026-10-15"),
						new Retention(1, 3, 0, 0, 1, 30), false, DAILY,
						days("2026-11-23", "2026-11-20", "2026-11-12")),
				Arguments.of("several a day: daily keeps the newest of each day",
						List.of(good(1, "2026-11-23T01:00:00Z"), good(2, "2026-11-23T03:00:00Z"),
								good(3, "2026-11-22T01:00:00Z"), good(4, "2026-11-22T23:00:00Z")),
						new Retention(0, 2, 0, 0, 1, 30), false, DAILY, ids(2, 4)),
				Arguments.of("newest run failed: nothing is pruned", daily("2026-10-01", "2026-11-23"),
						new Retention(2, 0, 0, 0, 1, 30), true, DAILY, all(daily("2026-10-01", "2026-11-23"))),
				Arguments.of("only failures recently: newest snapshot older than twice the period",
						daily("2026-10-01", "2026-11-20"), new Retention(2, 0, 0, 0, 1, 30), false, DAILY,
						all(daily("2026-10-01", "2026-11-20"))),
				Arguments.of("stale check off for unscheduled apps", daily("2026-11-01", "2026-11-20"),
						new Retention(2, 0, 0, 0, 1, 30), false, null, days("2026-11-19", "2026-11-20")),
				Arguments.of("min-good keeps verified snapshots behind newer corrupt ones",
						List.of(corrupt(5, "2026-11-23T03:00:00Z"), corrupt(4, "2026-11-22T03:00:00Z"),
								good(3, "2026-11-21T03:00:00Z"), good(2, "2026-11-20T03:00:00Z"),
								good(1, "2026-11-19T03:00:00Z")),
						new Retention(1, 0, 0, 0, 2, 30), false, Duration.ofDays(3), ids(3, 2)),
				Arguments.of("unverified archives (verify off) count for the keep rules",
						List.of(unverified(3, "2026-11-23T03:00:00Z"), unverified(2, "2026-11-22T03:00:00Z"),
								unverified(1, "2026-11-21T03:00:00Z")),
						new Retention(2, 0, 0, 0, 1, 30), false, DAILY, ids(3, 2)),
				Arguments.of("the newest usable snapshot survives rules that keep nothing",
						history("2026-11-23", "2026-11-22"), new Retention(0, 0, 0, 0, 1, 30), false, DAILY,
						days("2026-11-23")),
				Arguments.of("pre-restore safety snapshots are kept 30 days and do not count as regular ones",
						List.of(good(4, "2026-11-23T03:00:00Z"), safety(3, "2026-11-22T10:00:00Z"),
								safety(2, "2026-10-01T10:00:00Z"), good(1, "2026-11-20T03:00:00Z")),
						new Retention(2, 0, 0, 0, 1, 30), false, DAILY, ids(4, 3, 1)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("histories")
	void keepsExactlyTheExpectedSnapshots(String name, List<Candidate> history, Retention rules, boolean newestFailed,
			Duration period, Set<Long> expectedKept) {
		List<Decision> decisions = RetentionPolicy.plan(history, rules, newestFailed, period, NOW, ZoneOffset.UTC);
		assertThat(decisions).hasSize(history.size());
		Set<Long> kept = new TreeSet<>();
		decisions.stream().filter(Decision::keep).forEach((d) -> kept.add(d.snapshot().id()));
		assertThat(kept).isEqualTo(new TreeSet<>(expectedKept));
		assertThat(decisions).allSatisfy((d) -> assertThat(d.reason()).isNotBlank());
	}

	@Test
	void everyDecisionNamesItsRuleAndTheListIsNewestFirst() {
		List<Decision> decisions = RetentionPolicy.plan(daily("2026-11-01", "2026-11-23"), new Retention(3, 0, 0, 0, 2, 30),
				false, DAILY, NOW, ZoneOffset.UTC);
		assertThat(decisions.get(0).snapshot().createdAt()).isAfter(decisions.get(1).snapshot().createdAt());
		assertThat(decisions.get(0).reason()).startsWith("newest usable snapshot");
		assertThat(decisions.get(1).reason()).startsWith("min-good: one of the newest 2");
		assertThat(decisions.get(2).reason()).startsWith("keep-last 3");
		assertThat(decisions.get(3)).satisfies((d) -> {
			assertThat(d.keep()).isFalse();
			assertThat(d.reason()).isEqualTo("matches no keep rule");
		});
	}

	@Test
	void holdReasonIsGivenWhenTheNewestRunFailed() {
		List<Decision> decisions = RetentionPolicy.plan(daily("2026-11-01", "2026-11-23"), new Retention(1, 0, 0, 0, 1, 30),
				true, DAILY, NOW, ZoneOffset.UTC);
		assertThat(decisions.get(5).reason()).contains("newest backup run failed");
	}

	@Test
	void suspectSnapshotsAreKeptButNeverCountAsGoodForMinGood() {
		List<Candidate> history = List.of(suspect(6, "2026-11-23T03:00:00Z"), suspect(5, "2026-11-22T03:00:00Z"),
				good(4, "2026-11-21T03:00:00Z"), good(3, "2026-11-20T03:00:00Z"), good(2, "2026-11-19T03:00:00Z"),
				good(1, "2026-11-18T03:00:00Z"));
		List<Decision> decisions = RetentionPolicy.plan(history, new Retention(1, 0, 0, 0, 3, 30), false, DAILY, NOW,
				ZoneOffset.UTC);
		Set<Long> kept = new TreeSet<>();
		decisions.stream().filter(Decision::keep).forEach((d) -> kept.add(d.snapshot().id()));
		assertThat(kept).as("the newest (suspect) stays, and three good ones behind it").isEqualTo(ids(6, 4, 3, 2));
		assertThat(decisions).filteredOn((d) -> d.snapshot().id() == 2).singleElement()
			.satisfies((d) -> assertThat(d.reason()).startsWith("min-good: one of the newest 3"));
	}

	static Candidate suspect(long id, String at) {
		return new Candidate(id, Instant.parse(at), "GOOD", false, true);
	}

	static List<Candidate> daily(String from, String to) {
		List<Candidate> list = new ArrayList<>();
		for (LocalDate day = LocalDate.parse(from); !day.isAfter(LocalDate.parse(to)); day = day.plusDays(1)) {
			list.add(new Candidate(id(day), day.atTime(3, 0).toInstant(ZoneOffset.UTC), "GOOD", false));
		}
		return list;
	}

	static List<Candidate> history(String... days) {
		return Stream.of(days).map(LocalDate::parse)
			.map((day) -> new Candidate(id(day), day.atTime(3, 0).toInstant(ZoneOffset.UTC), "GOOD", false))
			.toList();
	}

	static Set<Long> days(String... days) {
		Set<Long> ids = new TreeSet<>();
		for (String day : days) {
			ids.add(id(LocalDate.parse(day)));
		}
		return ids;
	}

	static Set<Long> all(List<Candidate> history) {
		Set<Long> ids = new TreeSet<>();
		history.forEach((c) -> ids.add(c.id()));
		return ids;
	}

	static Set<Long> ids(long... ids) {
		Set<Long> set = new TreeSet<>();
		for (long id : ids) {
			set.add(id);
		}
		return set;
	}

	static long id(LocalDate day) {
		return day.getYear() * 10000L + day.getMonthValue() * 100L + day.getDayOfMonth();
	}

	static Candidate good(long id, String at) {
		return new Candidate(id, Instant.parse(at), "GOOD", false);
	}

	static Candidate corrupt(long id, String at) {
		return new Candidate(id, Instant.parse(at), "CORRUPT", false);
	}

	static Candidate unverified(long id, String at) {
		return new Candidate(id, Instant.parse(at), "UNVERIFIED", false);
	}

	static Candidate safety(long id, String at) {
		return new Candidate(id, Instant.parse(at), "GOOD", true);
	}

}
