package dev.mamori.web.ui;

import java.time.Instant;
import java.util.List;

import dev.mamori.web.ui.IncidentPagesController.Entry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident's timeline folds runs of identical checks into one line and keeps every event.
 */
class IncidentTimelineTests {

	@Test
	void runsOfTheSameCheckBecomeOneLineAndEventsSplitThem() {
		Instant t = Instant.parse("2026-11-23T03:00:00Z");
		List<Entry> timeline = IncidentPagesController.collapse(List.of(check(t, "CHECK_DOWN", "HTTP 503"),
				event(t.plusSeconds(1), "OPENED"), check(t.plusSeconds(2), "CHECK_DOWN", "HTTP 503"),
				check(t.plusSeconds(3), "CHECK_DOWN", "HTTP 503"), check(t.plusSeconds(4), "CHECK_DOWN", "timeout"),
				event(t.plusSeconds(5), "NOTIFIED"), check(t.plusSeconds(6), "CHECK_UP", "HTTP 200"),
				check(t.plusSeconds(7), "CHECK_UP", "HTTP 200"), event(t.plusSeconds(8), "RESOLVED")));
		assertThat(timeline).extracting(Entry::kind, Entry::message, Entry::count)
			.containsExactly(tuple("CHECK_DOWN", "HTTP 503", 1), tuple("OPENED", null, 1),
					tuple("CHECK_DOWN", "HTTP 503", 2), tuple("CHECK_DOWN", "timeout", 1), tuple("NOTIFIED", null, 1),
					tuple("CHECK_UP", "HTTP 200", 2), tuple("RESOLVED", null, 1));
		assertThat(timeline.get(2).at()).isEqualTo(t.plusSeconds(2));
		assertThat(timeline.get(2).until()).isEqualTo(t.plusSeconds(3));
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

	private static Entry check(Instant at, String kind, String message) {
		return new Entry(at, kind, message, "5 ms", 1, at);
	}

	private static Entry event(Instant at, String kind) {
		return new Entry(at, kind, null, null, 1, at);
	}

}
