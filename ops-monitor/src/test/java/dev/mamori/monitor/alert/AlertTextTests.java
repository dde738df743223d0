package dev.mamori.monitor.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertTextTests {

	static final Instant SINCE = Instant.parse("2026-11-23T03:00:00Z");

	@Test
	void theSubjectSaysTheStateTheMonitorAndTheAppInEitherLanguage() {
		Alert alert = new Alert(Alert.Kind.OPENED, 12L, 3L, "ecm-health", "ecm", "ECM 原価管理", "HTTP 503", SINCE, null,
				SINCE);
		AlertText en = AlertText.of(alert, "en", "https://mamori.example/");
		assertThat(en.subject()).isEqualTo("[Mamori] DOWN: ecm-health (ECM 原価管理)");
		assertThat(en.body()).contains("Error: HTTP 503").contains("Incident: #12  https://mamori.example/incidents/12");
		AlertText ja = AlertText.of(alert, "ja", null);
		assertThat(ja.subject()).isEqualTo("[Mamori] 停止: ecm-health (ECM 原価管理)");
		assertThat(ja.body()).contains("エラー: HTTP 503").contains("アプリ: ECM 原価管理 (ecm)");
	}

	@Test
	void aResolvedAlertSaysHowLongItLastedAndWhatWasTried() {
		Alert alert = new Alert(Alert.Kind.RESOLVED, 1L, 1L, "api", null, null, "timed out", SINCE, "2 remediation attempt(s)",
				SINCE.plusSeconds(3725));
		AlertText text = AlertText.of(alert, "en", null);
		assertThat(text.subject()).isEqualTo("[Mamori] RESOLVED: api");
		assertThat(text.body()).contains("Duration: 1:02:05").contains("Tried: 2 remediation attempt(s)");
	}

	@Test
	void eachRestoreOutcomeHasItsOwnSubjectAndTheBodyLinksTheRestorePage() {
		AlertText succeeded = AlertText.of(restore("SUCCEEDED", null, Duration.ofSeconds(83)), "en", "https://mamori.example/");
		assertThat(succeeded.subject()).isEqualTo("[Mamori] Restore succeeded: ECM 原価管理");
		assertThat(succeeded.body()).contains("Snapshot: ecm-20261123-030000")
			.contains("Outcome: SUCCEEDED")
			.contains("RTO (request to healthy): 0:01:23")
			.contains("Recovery report: REC-2026-004")
			.contains("Restore: #7  https://mamori.example/restores/7")
			.doesNotContain("Message:");
		AlertText rollbackFailed = AlertText.of(restore("ROLLBACK_FAILED", "rename failed", null), "en", null);
		assertThat(rollbackFailed.subject())
			.isEqualTo("[Mamori] RESTORE ROLLBACK FAILED, MANUAL INTERVENTION REQUIRED: ECM 原価管理");
		assertThat(rollbackFailed.body()).contains("Message: rename failed").contains("Restore: #7\n");
		assertThat(Arrays.stream(new String[] { "SUCCEEDED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED" })
			.flatMap((outcome) -> Arrays.stream(new String[] { "en", "ja" })
				.map((language) -> AlertText.of(restore(outcome, "x", null), language, null).subject())))
			.doesNotHaveDuplicates()
			.noneMatch((subject) -> subject.toLowerCase().contains("backup") || subject.contains("バックアップ"));
		assertThat(AlertText.of(restore("ROLLED_BACK", "HTTP 500", null), "ja", null).subject())
			.isEqualTo("[Mamori] リストア失敗（ロールバック済み）: ECM 原価管理");
	}

	private static Alert restore(String outcome, String message, Duration rto) {
		return new Alert(Alert.Kind.ofRestore(outcome), null, null, null, "ecm", "ECM 原価管理", message, null, null, SINCE,
				new Alert.Restore(7, outcome, "ecm-20261123-030000", "REC-2026-004", rto));
	}

}
