package dev.mamori.backup.offsite;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.regex.Matcher;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Off-site targets, declared only in the configuration file (the trust model: nothing that reaches
 * another machine is added from the web). Secrets are never written here: they are named by the
 * environment variables that hold them.
 *
 * @param targets targets by id (lower-case letters, digits, '-' and '_')
 */
@Validated
@ConfigurationProperties("mamori")
public record TargetsProperties(@DefaultValue Map<String, @Valid Target> targets) {

	private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	private static final java.util.regex.Pattern FINGERPRINT = java.util.regex.Pattern
		.compile("SHA256:[A-Za-z0-9+/]{43}=?");

	private static final java.util.regex.Pattern WINDOW = java.util.regex.Pattern
		.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");

	public TargetsProperties {
		targets.forEach(TargetsProperties::check);
	}

	private static void check(String id, Target target) {
		String key = "mamori.targets." + id;
		if (!ID.matcher(id).matches()) {
			throw new IllegalArgumentException(key + ": a target id is lower-case letters, digits, '-' and '_'");
		}
		if (target.type() == TargetType.SFTP) {
			require(key + ".host", target.host());
			require(key + ".user", target.user());
			require(key + ".path", target.path());
			require(key + ".host-key", target.hostKey());
			if (!FINGERPRINT.matcher(target.hostKey()).matches()) {
				throw new IllegalArgumentException(key + ".host-key: must be the server's SHA256 fingerprint as "
						+ "'ssh-keygen -lf' prints it, such as SHA256:" + "A".repeat(43));
			}
			if ((target.passwordEnv() == null) == (target.keyFile() == null)) {
				throw new IllegalArgumentException(key + ": set exactly one of key-file and password-env");
			}
		}
		else if (target.type() == TargetType.S3) {
			require(key + ".endpoint", (target.endpoint() != null) ? target.endpoint().toString() : null);
			require(key + ".bucket", target.bucket());
			require(key + ".access-key-env", target.accessKeyEnv());
			require(key + ".secret-key-env", target.secretKeyEnv());
			String scheme = target.endpoint().getScheme();
			if (!"http".equals(scheme) && !"https".equals(scheme)) {
				throw new IllegalArgumentException(key + ".endpoint: must be an http or https URL");
			}
		}
		if (target.window() != null && !WINDOW.matcher(target.window()).matches()) {
			throw new IllegalArgumentException(key + ".window: must be HH:MM-HH:MM, such as 22:00-06:00");
		}
		if (target.maxRate() != null && target.maxRate().toBytes() < 1024) {
			throw new IllegalArgumentException(key + ".max-rate: at least 1KB (per second)");
		}
		if (target.retryBackoff().isNegative() || target.retryBackoff().compareTo(Duration.ofHours(6)) > 0) {
			throw new IllegalArgumentException(key + ".retry-backoff: between 0s and 6h");
		}
		if (target.timeout().compareTo(Duration.ofSeconds(1)) < 0 || target.timeout().compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException(key + ".timeout: between 1s and 1h");
		}
	}

	private static void require(String key, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(key + ": required for this target type");
		}
	}

	/**
	 * One off-site target.
	 * @param type {@code sftp} or {@code s3}
	 * @param host SFTP: the server
	 * @param port SFTP: its port
	 * @param user SFTP: the login
	 * @param path SFTP: the directory the copies go to (created when missing)
	 * @param hostKey SFTP: the server's host key fingerprint, {@code SHA256:...} as {@code ssh-keygen -lf}
	 * prints it; a server showing another key is refused
	 * @param keyFile SFTP: private key file (OpenSSH or PEM)
	 * @param keyPassphraseEnv SFTP: environment variable holding the key's passphrase, if it has one
	 * @param passwordEnv SFTP: environment variable holding the password (instead of a key)
	 * @param endpoint S3: the service URL, such as {@code https://s3.eu-central-1.amazonaws.com}
	 * @param bucket S3: the bucket
	 * @param prefix S3: key prefix inside the bucket, such as {@code mamori/}
	 * @param region S3: the region used for signing
	 * @param pathStyle S3: path-style URLs ({@code endpoint/bucket/key}), needed by most self-hosted servers
	 * @param accessKeyEnv S3: environment variable holding the access key id
	 * @param secretKeyEnv S3: environment variable holding the secret key
	 * @param downloadBudget how much a copy's verification may read back from the target
	 * @param maxRate bandwidth limit per second for uploads, none when unset
	 * @param window time of day uploads may run, {@code HH:MM-HH:MM} (server local time, may wrap
	 * midnight); copies wait for it
	 * @param retries further attempts after a failed copy before it is alerted
	 * @param retryBackoff wait before the first retry; doubled for each further one
	 * @param timeout connect and read timeout
	 */
	public record Target(@NotNull TargetType type, String host, @DefaultValue("22") @Min(1) @Max(65535) int port,
			String user, String path, String hostKey, Path keyFile, String keyPassphraseEnv, String passwordEnv,
			URI endpoint, String bucket, @DefaultValue("") String prefix, @DefaultValue("us-east-1") String region,
			@DefaultValue("false") boolean pathStyle, String accessKeyEnv, String secretKeyEnv,
			@DefaultValue("10GB") DataSize downloadBudget, DataSize maxRate, String window,
			@DefaultValue("5") @Min(0) @Max(20) int retries, @DefaultValue("30s") Duration retryBackoff,
			@DefaultValue("30s") Duration timeout) {

		/**
		 * @param now the local time
		 * @return whether uploads may run now
		 */
		public boolean inWindow(LocalTime now) {
			if (this.window == null) {
				return true;
			}
			Matcher m = WINDOW.matcher(this.window);
			if (!m.matches()) {
				return true;
			}
			LocalTime from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
			LocalTime to = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
			return from.isBefore(to) ? !now.isBefore(from) && now.isBefore(to) : !now.isBefore(from) || now.isBefore(to);
		}

		/**
		 * @return where copies go, for people: {@code sftp://user@host:port/path} or {@code s3://bucket/prefix}
		 */
		public String describe() {
			return (this.type == TargetType.SFTP) ? "sftp://" + this.user + "@" + this.host + ":" + this.port + this.path
					: "s3://" + this.bucket + "/" + this.prefix;
		}

	}

	/** The kinds of target. */
	public enum TargetType {

		/** An SSH server's SFTP subsystem. */
		SFTP,

		/** An S3-compatible object store. */
		S3

	}

}
