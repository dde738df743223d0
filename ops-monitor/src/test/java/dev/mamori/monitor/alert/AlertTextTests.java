package dev.mamori.monitor.alert;

import java.time.Instant;

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

}
