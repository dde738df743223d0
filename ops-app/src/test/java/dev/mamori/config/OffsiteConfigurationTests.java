package dev.mamori.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.MamoriApplication;
import dev.mamori.support.AppFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Off-site targets and copies are checked at startup: a mistake stops Mamori naming the key, and a
 * secret is never asked for in the file.
 */
@ExtendWith(OutputCaptureExtension.class)
class OffsiteConfigurationTests {

	static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

	@TempDir
	static Path temp;

	@Test
	void aCopyToAnUndeclaredTargetFailsStartupNamingTheKeyAndTheDeclaredTargets(CapturedOutput output) {
		List<String> args = app();
		args.addAll(sftp("nas", FINGERPRINT));
		args.add("--mamori.apps.ecm.backup.copies[0].target=cloud");
		assertThatThrownBy(() -> start(args)).hasStackTraceContaining("mamori.apps.ecm.backup.copies[0].target")
			.hasStackTraceContaining("no such target under mamori.targets (declared: nas)");
	}

	@Test
	void aHostKeyThatIsNotAFingerprintAndAMissingFieldFailStartupNamingTheKey(CapturedOutput output) {
		List<String> args = app();
		args.addAll(sftp("nas", "ecdsa-sha2-nistp256 AAAA"));
		assertThatThrownBy(() -> start(args)).hasStackTraceContaining("mamori.targets.nas.host-key: must be the server's SHA256 fingerprint");

		List<String> s3 = app();
		s3.addAll(List.of("--mamori.targets.cloud.type=s3", "--mamori.targets.cloud.endpoint=http://127.0.0.1:9",
				"--mamori.targets.cloud.access-key-env=A", "--mamori.targets.cloud.secret-key-env=B"));
		assertThatThrownBy(() -> start(s3)).hasStackTraceContaining("mamori.targets.cloud.bucket: required for this target type");
	}

	@Test
	void absurdNumbersAndAnUnknownKeyUnderATargetFailStartup(CapturedOutput output) {
		List<String> retries = app();
		retries.addAll(sftp("nas", FINGERPRINT));
		retries.add("--mamori.targets.nas.retries=1000");
		assertThatThrownBy(() -> start(retries)).hasStackTraceContaining("mamori.targets[nas].retries");
		assertThat(output).contains("Property: mamori.targets[nas].retries").contains("must be less than or equal to 20");

		List<String> window = app();
		window.addAll(sftp("nas", FINGERPRINT));
		window.add("--mamori.targets.nas.window=25:00-26:00");
		assertThatThrownBy(() -> start(window)).hasStackTraceContaining("mamori.targets.nas.window: must be HH:MM-HH:MM");

		List<String> rate = app();
		rate.addAll(sftp("nas", FINGERPRINT));
		rate.add("--mamori.targets.nas.max-rate=10B");
		assertThatThrownBy(() -> start(rate)).hasStackTraceContaining("mamori.targets.nas.max-rate: at least 1KB");

		List<String> typo = app();
		typo.addAll(sftp("nas", FINGERPRINT));
		typo.add("--mamori.targets.nas.hots=nas.lan");
		assertThatThrownBy(() -> start(typo)).hasStackTraceContaining("mamori.targets.nas.hots");
	}

	private static List<String> app() {
		AppFixture fixture = AppFixture.create(temp.resolve("ecm-" + System.nanoTime()), 1);
		List<String> args = new ArrayList<>();
		String app = "--mamori.apps.ecm.";
		args.add(app + "sources[0].id=db");
		args.add(app + "sources[0].type=sqlite");
		args.add(app + "sources[0].path=" + fixture.database);
		args.add(app + "backup.destination=" + fixture.destination);
		return args;
	}

	private static List<String> sftp(String id, String hostKey) {
		String key = "--mamori.targets." + id + ".";
		return new ArrayList<>(List.of(key + "type=sftp", key + "host=127.0.0.1", key + "user=backup",
				key + "path=/srv/backup", key + "host-key=" + hostKey, key + "password-env=MAMORI_NAS_PASSWORD"));
	}

	private static void start(List<String> args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		application.run(args.toArray(String[]::new)).close();
	}

}
