package dev.mamori.web.ui;

import dev.mamori.core.Secrets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the effective configuration page hides: values of secret-looking keys whole, and passwords
 * inside URLs; everything else as it is.
 */
class EffectiveConfigurationMaskTests {

	@Test
	void secretKeysAreMaskedWhole() {
		for (String key : new String[] { "spring.mail.password", "mamori.apps.shop.sources[0].password",
				"mamori.notifications.webhook.url", "mamori.monitors.api.headers.Authorization",
				"mamori.admin-password", "MAMORI_ADMIN_PASSWORD", "server.ssl.key-store-password", "mamori.some.api-key",
				"mamori.x.client-secret", "mamori.x.token" }) {
			assertThat(Secrets.maskProperty(key, "s3cr3t")).as(key).isEqualTo("******");
		}
	}

	@Test
	void passwordsInsideUrlsAreMaskedAndTheRestIsShown() {
		assertThat(Secrets.maskProperty("spring.datasource.url",
				"jdbc:postgresql://db:5432/mamori?user=m&password=pw1&ssl=true"))
			.isEqualTo("jdbc:postgresql://db:5432/mamori?user=m&password=******&ssl=true");
		assertThat(Secrets.maskProperty("mamori.monitors.site.url", "https://bob:pw2@example.test/health"))
			.isEqualTo("https://bob:******@example.test/health");
		assertThat(Secrets.maskProperty("mamori.data-dir", "/var/lib/mamori")).isEqualTo("/var/lib/mamori");
		assertThat(Secrets.maskProperty("server.port", "8080")).isEqualTo("8080");
		assertThat(Secrets.maskProperty("spring.mail.password", "")).isEmpty();
	}

}
