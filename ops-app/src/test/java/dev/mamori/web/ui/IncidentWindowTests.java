package dev.mamori.web.ui;

import java.time.Instant;
import java.util.List;

import dev.mamori.monitor.AppStatus;
import dev.mamori.monitor.ResultView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident's page shows its own checks only, and a fresh install's dashboard is neutral.
 */
class IncidentWindowTests {

	private static final Instant T = Instant.parse("2026-11-23T03:00:00Z");

	@Test
	void anIncidentShowsThreeChecksBeforeItOpenedAndNoneOfThePreviousIncident() {
		// Previous incident closed at T+10; checks every 10 s; this one opened at T+100.
		List<ResultView> results = List.of(check(0, false, "old failure"), check(10, true, "old recovery"),
				check(60, true, "ok"), check(70, true, "ok"), check(80, false, "HTTP 503"), check(90, false, "HTTP 503"),
				check(100, false, "HTTP 503"), check(110, true, "HTTP 200"));
		assertThat(IncidentPagesController.window(results, T.plusSeconds(100), T.plusSeconds(10)))
			.extracting((r) -> r.checkedAt().getEpochSecond() - T.getEpochSecond())
			.containsExactly(70L, 80L, 90L, 100L, 110L);
		List<ResultView> close = List.of(check(0, false, "old failure"), check(10, true, "old recovery"),
				check(20, false, "new failure"), check(30, false, "new failure"));
		assertThat(IncidentPagesController.window(close, T.plusSeconds(30), T.plusSeconds(10)))
			.extracting(ResultView::message)
			.containsExactly("new failure", "new failure");
	}

	@Test
	void anAppThatNeverHadABackupAndNothingDownIsNeutralAndSoIsTheSummary() {
		AppStatus waiting = AppStatus.of(0, 0, 1, false, false, false);
		assertThat(waiting).isEqualTo(AppStatus.NEUTRAL);
		assertThat(AppStatus.summary(List.of(waiting, waiting))).isEqualTo(AppStatus.NEUTRAL);
		assertThat(AppStatus.summary(List.of())).isEqualTo(AppStatus.NEUTRAL);
		assertThat(AppStatus.of(0, 0, 0, false, true, false)).isEqualTo(AppStatus.AMBER);
		assertThat(AppStatus.of(1, 0, 0, false, false, false)).isEqualTo(AppStatus.RED);
		assertThat(AppStatus.of(0, 0, 0, true, false, false)).isEqualTo(AppStatus.GREEN);
	}

	private static ResultView check(long second, boolean up, String message) {
		return new ResultView(T.plusSeconds(second), up, false, 5L, message);
	}

}
