package dev.mamori.selfstate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What of a configuration file goes into the state bundle: references to the environment as
 * written, secrets written into the file replaced by references named after their keys, everything
 * else untouched.
 */
class ConfigRedactionTests {

	@Test
	void referencesStayAndLiteralSecretsBecomeReferencesNamedAfterTheirKeys() {
		String yaml = """
				mamori:
				  data-dir: /var/lib/mamori
				  admin-password: "s3cret-admin"
				  apps:
				    mks:
				      sources:
				        - { id: db, type: postgres, url: "jdbc:postgresql://localhost/mks", username: mks, password: "${MKS_DB_PASSWORD}" }
				        - { id: db2, type: postgres, username: mks, password: literal-db-pw }
				        - id: files
				          type: directory
				          path: /opt/mks/uploads
				  targets:
				    s3:
				      access-key-env: MAMORI_S3_ACCESS_KEY
				      secret-key-env: MAMORI_S3_SECRET_KEY
				  webhooks:
				    endpoints:
				      ci: { url: "https://hooks.example/abc123secret", secret: "${CI_HOOK_SECRET}", events: [backup.completed] }
				      chat:
				        url: https://chat.example/hook/T0KEN-in-path
				        format: json
				  monitors:
				    api:
				      type: http
				      headers:
				        Authorization: Bearer abc.def.ghi
				    db:
				      type: database
				      jdbc-url: "jdbc:postgresql://db/x?user=a&password=pw-in-url"
				spring:
				  mail:
				    password: ${SMTP_PASSWORD:fallback-secret}
				    host: smtp.example
				  ssl:
				    bundle:
				      pem:
				        mine:
				          private-key: |
				            -----BEGIN PRIVATE KEY-----
				            MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
				            -----END PRIVATE KEY-----
				          certificate: /etc/ssl/mine.pem
				""";

		ConfigRedaction.Redacted redacted = ConfigRedaction.redact(yaml, false);

		assertThat(redacted.text()).doesNotContain("s3cret-admin", "literal-db-pw", "abc123secret", "T0KEN-in-path",
				"abc.def.ghi", "pw-in-url", "fallback-secret", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
		assertThat(redacted.text()).contains("admin-password: \"${MAMORI_ADMIN_PASSWORD}\"")
			.contains("password: \"${MKS_DB_PASSWORD}\" }")
			.contains("password: \"${MAMORI_APPS_MKS_SOURCES_PASSWORD}\" }")
			.contains("access-key-env: MAMORI_S3_ACCESS_KEY")
			.contains("secret: \"${CI_HOOK_SECRET}\"")
			.contains("url: \"${MAMORI_WEBHOOKS_ENDPOINTS_CI_URL}\"")
			.contains("url: \"${MAMORI_WEBHOOKS_ENDPOINTS_CHAT_URL}\"")
			.contains("format: json")
			.contains("Authorization: \"${MAMORI_MONITORS_API_HEADERS_AUTHORIZATION}\"")
			.contains("jdbc-url: \"${MAMORI_MONITORS_DB_JDBC_URL}\"")
			.contains("password: \"${SMTP_PASSWORD}\"")
			.contains("private-key: \"${SPRING_SSL_BUNDLE_PEM_MINE_PRIVATE_KEY}\"")
			.contains("certificate: /etc/ssl/mine.pem")
			.contains("data-dir: /var/lib/mamori")
			.contains("path: /opt/mks/uploads")
			.contains("url: \"jdbc:postgresql://localhost/mks\"");
		assertThat(redacted.redactedKeys()).contains("mamori.admin-password", "mamori.webhooks.endpoints.ci.url",
				"spring.mail.password", "spring.ssl.bundle.pem.mine.private-key");
		assertThat(redacted.environment()).contains("MAMORI_ADMIN_PASSWORD", "MKS_DB_PASSWORD", "CI_HOOK_SECRET",
				"SMTP_PASSWORD", "MAMORI_WEBHOOKS_ENDPOINTS_CHAT_URL")
			.doesNotContain("MAMORI_S3_ACCESS_KEY");
	}

	@Test
	void aFileWithoutLiteralSecretsIsCopiedByteForByte() {
		String yaml = "# Mamori on the Pi\nmamori:\n  data-dir: /var/lib/mamori   # H2 here\n"
				+ "  admin-password: ${MAMORI_ADMIN_PASSWORD}\n  apps:\n    ecm:\n      name: \"ECM\"\n";
		ConfigRedaction.Redacted redacted = ConfigRedaction.redact(yaml, false);
		assertThat(redacted.text()).isEqualTo(yaml);
		assertThat(redacted.redactedKeys()).isEmpty();
	}

	@Test
	void propertiesFilesToo() {
		String properties = "mamori.data-dir=/var/lib/mamori\nspring.datasource.password=pg-secret\n"
				+ "spring.mail.password=${SMTP_PASSWORD}\n";
		ConfigRedaction.Redacted redacted = ConfigRedaction.redact(properties, true);
		assertThat(redacted.text()).isEqualTo("mamori.data-dir=/var/lib/mamori\n"
				+ "spring.datasource.password=\"${SPRING_DATASOURCE_PASSWORD}\"\nspring.mail.password=${SMTP_PASSWORD}\n");
	}

}
