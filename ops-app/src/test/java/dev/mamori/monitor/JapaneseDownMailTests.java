package dev.mamori.monitor;

import java.time.Instant;
import java.time.ZoneId;

import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.alert.AlertText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Japanese DOWN mail tells when the app's last good backup was, in the configured zone, links to
 * the app's page, and counts remediation attempts in Japanese.
 */
class JapaneseDownMailTests {

	private static final Instant AT = Instant.parse("2026-11-23T03:00:00Z");

	@Test
	void aJapaneseDownMailHasTheLastGoodBackupInTheConfiguredZoneAndTheAppLink() {
		Alert alert = new Alert(Alert.Kind.OPENED, 7L, 3L, "ecm-http", "ecm", "ECM", "HTTP 503", AT, null, AT, null,
				null, Instant.parse("2026-11-22T17:30:00Z"));
		AlertText text = AlertText.of(alert, "ja", "https://mamori.example/", ZoneId.of("Asia/Tokyo"));
		assertThat(text.body()).contains("最後の正常なバックアップ: 2026-11-23 02:30:00 JST (Asia/Tokyo)")
			.contains("時刻: 2026-11-23 12:00:00 JST (Asia/Tokyo)")
			.contains("https://mamori.example/apps/ecm")
			.contains("https://mamori.example/incidents/7")
			.doesNotContain("attempt(s)");
	}

	@Test
	void aJapaneseResolvedMailCountsRemediationAttemptsInJapanese() {
		Alert alert = new Alert(Alert.Kind.RESOLVED, 7L, 3L, "ecm-http", "ecm", "ECM", "HTTP 503", AT,
				"1 remediation attempt(s)", AT.plusSeconds(60), null, 1, null);
		assertThat(AlertText.of(alert, "ja", null, ZoneId.of("Asia/Tokyo")).body()).contains("復旧の試行 1 回")
			.doesNotContain("attempt");
		assertThat(AlertText.of(alert, "en", null, ZoneId.of("UTC")).body()).contains("Tried: 1 remediation attempt\n");
	}

}
