package dev.mamori.web.ui;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks' fixed English phrases read in the viewer's language; English stays as the monitor
 * module wrote it, and a phrase this version does not know is shown as written.
 */
class CheckMessageLabelsTests {

	private final Labels labels = new Labels(messages());

	@AfterEach
	void reset() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void checkMessagesAreJapaneseForAJapaneseReaderAndUnchangedForAnEnglishOne() {
		LocaleContextHolder.setLocale(Locale.JAPANESE);
		assertThat(this.labels.check("HTTP 200 in 12 ms")).isEqualTo("HTTP 200（12 ms）");
		assertThat(this.labels.check("HTTP 503, expected 2xx or 3xx")).isEqualTo("HTTP 503（期待値 2xx か 3xx）");
		assertThat(this.labels.check("waiting for the first backup of ecm")).isEqualTo("ecm の最初のバックアップ待ち");
		assertThat(this.labels.check("app ecm has no good backup")).isEqualTo("アプリ ecm に正常なバックアップがありません");
		assertThat(this.labels.check("newest good backup of ecm is 27 h old (limit 26 h)"))
			.isEqualTo("ecm の最新の正常なバックアップは 27 h 前（上限 26 h）");
		assertThat(this.labels.check("connection refused")).isEqualTo("接続が拒否されました");
		assertThat(this.labels.check("disk /srv: 97% used")).isEqualTo("disk /srv: 97% used");
		assertThat(this.labels.check(null)).isEmpty();

		LocaleContextHolder.setLocale(Locale.ENGLISH);
		for (String message : new String[] { "HTTP 200 in 12 ms", "HTTP 503, expected 2xx or 3xx",
				"HTTP 500 in 3 ms, slower than 2 ms", "waiting for the first backup of ecm", "app ecm has no good backup",
				"newest good backup of ecm is 27 h old (limit 26 h)", "connection refused", "timed out" }) {
			assertThat(this.labels.check(message)).isEqualTo(message);
		}
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename("messages");
		source.setDefaultEncoding("UTF-8");
		source.setFallbackToSystemLocale(false);
		return source;
	}

}
