package dev.mamori.selfstate;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.ArchivePermissions;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.event.BackupCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After every completed backup, writes (or refreshes) Mamori's own state bundle
 * ({@value SelfStateBundle#FILE_NAME}) in the app's destination, beside its archives, so a spare
 * machine brings users, tokens, monitors and the audit log back with {@code mamori restore-self}. A
 * bundle that cannot be written is logged and audited ({@code SELF_STATE_FAILED}); it never turns the
 * good backup into a failed one.
 */
@Component
class SelfStateExporter {

	private static final Logger logger = LoggerFactory.getLogger(SelfStateExporter.class);

	private final AppRegistry apps;

	private final SelfStateRepository repository;

	private final TransactionTemplate readOnly;

	private final ConfigurableEnvironment environment;

	private final ArchivePermissions permissions;

	private final AuditLog audit;

	private final Clock clock;

	private final String version;

	SelfStateExporter(AppRegistry apps, JdbcTemplate jdbc, PlatformTransactionManager transactions,
			ConfigurableEnvironment environment, ObjectProvider<ArchivePermissions> permissions, AuditLog audit,
			Clock clock, ObjectProvider<BuildProperties> build) {
		this.apps = apps;
		this.repository = new SelfStateRepository(jdbc);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.environment = environment;
		this.permissions = permissions.getIfAvailable(() -> ArchivePermissions.OWNER_ONLY);
		this.audit = audit;
		this.clock = clock;
		BuildProperties properties = build.getIfAvailable();
		this.version = (properties != null) ? properties.getVersion() : "dev";
	}

	@EventListener
	void backupCompleted(BackupCompleted event) {
		AppsProperties.App app = this.apps.all().get(event.appId());
		if (app == null) {
			return;
		}
		Path destination = app.backup().destination();
		try {
			Path written = export(destination, event.appId(), event.snapshotName());
			logger.info("Mamori's own state written to {}", written);
		}
		catch (IOException | RuntimeException ex) {
			// The backup itself is good; only the bundle beside it is missing or stale.
			logger.warn("Could not write Mamori's own state to {}: {}", destination, ex.getMessage());
			try {
				this.audit.record(Actor.SYSTEM, "SELF_STATE_FAILED", event.appId(), AuditOutcome.FAILURE,
						Map.of("destination", destination.toString(), "error", String.valueOf(ex.getMessage())));
			}
			catch (RuntimeException auditFailure) {
				logger.warn("Could not audit the failure: {}", auditFailure.getMessage());
			}
		}
	}

	/**
	 * Writes the bundle now.
	 * @param destination the directory
	 * @param app the app whose backup it follows
	 * @param snapshot that backup's archive
	 * @return the bundle
	 */
	synchronized Path export(Path destination, String app, String snapshot) throws IOException {
		List<SelfStateBundle.ConfigFile> configs = new ArrayList<>();
		Set<String> environmentNames = new TreeSet<>();
		for (Path file : configFiles()) {
			String text = Files.readString(file, StandardCharsets.UTF_8);
			ConfigRedaction.Redacted redacted = ConfigRedaction.redact(text, file.toString().endsWith(".properties"));
			configs.add(new SelfStateBundle.ConfigFile(null, file, redacted.text(), redacted.redactedKeys()));
			environmentNames.addAll(redacted.environment());
		}
		// One read-only transaction: users, tokens, monitors and the log as of one moment.
		IOException[] failure = new IOException[1];
		Path written = this.readOnly.execute((status) -> {
			SelfStateRepository.Head head = this.repository.head();
			SelfStateBundle.Contents contents = new SelfStateBundle.Contents(this.clock.instant(), hostName(),
					this.version, app, snapshot, configs, List.copyOf(environmentNames), this.repository.users(),
					this.repository.tokens(), this.repository.monitors(),
					(consumer) -> this.repository.forEachAuditEvent(head, consumer), head.lastHash());
			try {
				return SelfStateBundle.write(destination, contents, this.permissions.group());
			}
			catch (IOException ex) {
				failure[0] = ex;
				return null;
			}
		});
		if (failure[0] != null) {
			throw failure[0];
		}
		return written;
	}

	/**
	 * @return the configuration files the server loaded (not those inside the jar), highest
	 * precedence first
	 */
	List<Path> configFiles() {
		Set<Path> files = new LinkedHashSet<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable) || !(source instanceof OriginLookup<?>)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				Origin origin = OriginLookup.getOrigin(source, name);
				Resource resource = (origin instanceof TextResourceOrigin text) ? text.getResource() : null;
				if (resource != null && !(resource instanceof ClassPathResource) && resource.isFile()
						&& !"jar".equals(protocol(resource))) {
					try {
						files.add(resource.getFile().toPath().toAbsolutePath().normalize());
					}
					catch (IOException ex) {
						// Not a file after all.
					}
				}
				break;
			}
		}
		return new ArrayList<>(files);
	}

	private static String protocol(Resource resource) {
		try {
			return resource.getURL().getProtocol();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
