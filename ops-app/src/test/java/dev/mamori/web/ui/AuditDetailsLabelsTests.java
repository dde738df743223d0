package dev.mamori.web.ui;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's actions and details read in the viewer's language: details are {@code key: value}
 * pairs with codes (outcomes, steps, statuses, triggers, roles) labelled, never raw JSON.
 */
class AuditDetailsLabelsTests {

	private final Labels labels = new Labels(messages());

	@AfterEach
	void reset() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void auditDetailsAreKeyValuePairsWithTheirCodesInJapanese() {
		LocaleContextHolder.setLocale(Locale.JAPANESE);
		String step = this.labels.details("{\"outcome\":\"SUCCEEDED\",\"restoreId\":1,\"step\":\"SWAP\"}");
		assertThat(step).startsWith("outcome: 成功 · restoreId: 1 · step: ").doesNotContain("SUCCEEDED")
			.doesNotContain("SWAP")
			.doesNotContain("{");
		assertThat(this.labels.details("{\"runId\":2,\"trigger\":\"MANUAL\"}")).isEqualTo("runId: 2 · trigger: 手動");
		assertThat(this.labels.details("{\"role\":\"ADMIN\"}")).doesNotContain("ADMIN");
		assertThat(this.labels.details("{\"file\":\"x.tar.zst\",\"status\":\"GOOD\"}")).doesNotContain("GOOD");
		assertThat(this.labels.details("not json")).isEqualTo("not json");
		assertThat(this.labels.details(null)).isEmpty();
		assertThat(this.labels.of("auditAction", "BACKUP_FAILED")).isEqualTo("バックアップ失敗");
		assertThat(this.labels.of("auditAction", "SOMETHING_NEW")).isEqualTo("SOMETHING_NEW");

		LocaleContextHolder.setLocale(Locale.ENGLISH);
		assertThat(this.labels.details("{\"runId\":2,\"trigger\":\"MANUAL\"}")).isEqualTo("runId: 2 · trigger: Manual");
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename("messages");
		source.setDefaultEncoding("UTF-8");
		source.setFallbackToSystemLocale(false);
		return source;
	}

}
