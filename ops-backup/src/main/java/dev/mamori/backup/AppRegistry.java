package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.age.AgeIdentity;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.age.AgeRecipient;
import dev.mamori.backup.archive.ArchiveKeys;
import dev.mamori.backup.source.Source;
import dev.mamori.core.Cron;
import dev.mamori.core.InvalidConfigurationException;
import dev.mamori.core.command.CommandRunner;

import org.springframework.stereotype.Component;

/**
 * The declared apps, checked once at startup beyond what field validation can see: unique source
 * ids, the fields each source type needs, parents of paths that exist, cron expressions that parse,
 * commands that are declared. A mistake stops startup naming the key.
 */
@Component
public class AppRegistry {

	private static final Pattern APP_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	private final Map<String, App> apps;

	public AppRegistry(AppsProperties properties, CommandRunner commands) {
		Map<String, App> checked = new TreeMap<>();
		properties.apps().forEach((id, app) -> {
			validate(id, app, commands);
			checked.put(id, app);
		});
		this.apps = Collections.unmodifiableMap(checked);
	}

	/**
	 * @return every app by id, sorted
	 */
	public Map<String, App> all() {
		return this.apps;
	}

	/**
	 * @param id an app id
	 * @return the app
	 * @throws AppNotFoundException when none has that id
	 */
	public App get(String id) {
		App app = this.apps.get(id);
		if (app == null) {
			throw new AppNotFoundException(id);
		}
		return app;
	}

	private static void validate(String id, App app, CommandRunner commands) {
		String prefix = "mamori.apps." + id;
		if (!APP_ID.matcher(id).matches()) {
			throw new InvalidConfigurationException(prefix, id,
					"app ids are 1 to 64 lower-case letters, digits, '-' or '_'");
		}
		Set<String> sourceIds = new HashSet<>();
		for (int i = 0; i < app.sources().size(); i++) {
			Source source = app.sources().get(i);
			String key = prefix + ".sources[" + i + "]";
			if (!sourceIds.add(source.id())) {
				throw new InvalidConfigurationException(key + ".id", source.id(),
						"source ids must be unique within an app");
			}
			if (source.type().isLocatedByPath()) {
				if (source.path() == null) {
					throw new InvalidConfigurationException(key + ".path", null,
							"a " + source.type().name().toLowerCase() + " source needs a path");
				}
				Path parent = source.path().toAbsolutePath().getParent();
				if (parent == null || !Files.isDirectory(parent)) {
					throw new InvalidConfigurationException(key + ".path", source.path(),
							"its parent directory " + parent + " does not exist");
				}
			}
			else if (source.url() == null || !source.url().startsWith("jdbc:postgresql://")) {
				throw new InvalidConfigurationException(key + ".url", source.url(),
						"a postgres source needs a JDBC URL such as jdbc:postgresql://localhost:5432/mydb");
			}
		}
		String schedule = app.backup().schedule();
		if (schedule != null && !schedule.isBlank()) {
			try {
				Cron.parse(schedule);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationException(prefix + ".backup.schedule", schedule,
						"a cron expression with 5 fields (minute hour day month weekday) or 6 (seconds first): "
								+ ex.getMessage());
			}
		}
		if (app.service() != null) {
			checkCommand(prefix + ".service.stop", app.service().stop(), commands);
			checkCommand(prefix + ".service.start", app.service().start(), commands);
		}
		if (app.drill() != null) {
			validateDrill(prefix + ".drill", app, sourceIds, commands);
		}
		if (app.backup().encryption() != null) {
			validateEncryption(prefix + ".backup.encryption", app.backup().encryption());
		}
		if (app.objectives() != null) {
			checkDuration(prefix + ".objectives.rto", app.objectives().rto(), Duration.ofSeconds(1), Duration.ofDays(30));
			checkDuration(prefix + ".objectives.rpo", app.objectives().rpo(), Duration.ofSeconds(1), Duration.ofDays(366));
		}
	}

	private static void validateEncryption(String prefix, AppsProperties.Encryption encryption) {
		List<String> recipients = encryption.recipients();
		if (recipients.isEmpty() && encryption.identityFile() == null) {
			throw new InvalidConfigurationException(prefix + ".recipients", null,
					"encryption needs at least one age recipient (age1…, from age-keygen), or only an identity-file "
							+ "to open archives encrypted earlier");
		}
		for (int n = 0; n < recipients.size(); n++) {
			try {
				AgeRecipient.parse(recipients.get(n));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationException(prefix + ".recipients[" + n + "]", recipients.get(n),
						"the value " + ex.getMessage());
			}
		}
		if (encryption.identityFile() != null) {
			try {
				AgeIdentity.read(encryption.identityFile());
			}
			catch (IOException ex) {
				// Names the file and the line, never the key.
				throw new InvalidConfigurationException(prefix + ".identity-file", encryption.identityFile(),
						ex.getMessage());
			}
		}
	}

	/**
	 * The app's encryption at rest: the recipients of new archives and what opens existing ones. The
	 * identity file is read on each call, so a replaced key file is picked up; when it is absent or
	 * unreadable the keys carry a sentence naming the configuration key, which an encrypted archive's
	 * error repeats.
	 * @param id the app id
	 * @return its keys, {@link ArchiveKeys#NONE} recipients when encryption is off
	 */
	public ArchiveKeys keys(String id) {
		App app = get(id);
		AppsProperties.Encryption encryption = app.backup().encryption();
		String key = "mamori.apps." + id + ".backup.encryption.identity-file";
		if (encryption == null) {
			return new ArchiveKeys(List.of(), AgeKeys.none("encryption is off for app '" + id + "'; set " + key));
		}
		List<AgeRecipient> recipients = encryption.recipients().stream().map(AgeRecipient::parse).toList();
		if (encryption.identityFile() == null) {
			return new ArchiveKeys(recipients, AgeKeys.none("no identity: set " + key + " to an age identity file"));
		}
		try {
			return new ArchiveKeys(recipients, AgeKeys.of(AgeIdentity.read(encryption.identityFile())));
		}
		catch (IOException ex) {
			return new ArchiveKeys(recipients, AgeKeys.none(key + ": " + ex.getMessage()));
		}
	}

	private static void validateDrill(String prefix, App app, Set<String> sourceIds, CommandRunner commands) {
		AppsProperties.Drill drill = app.drill();
		String schedule = drill.schedule();
		if (schedule != null && !schedule.isBlank()) {
			try {
				Cron.parse(schedule);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationException(prefix + ".schedule", schedule,
						"a cron expression with 5 fields (minute hour day month weekday) or 6 (seconds first): "
								+ ex.getMessage());
			}
		}
		checkDuration(prefix + ".max-duration", drill.maxDuration(), Duration.ofSeconds(1), Duration.ofHours(24));
		checkDuration(prefix + ".max-age", drill.maxAge(), Duration.ofSeconds(1), Duration.ofDays(366));
		for (int i = 0; i < drill.queries().size(); i++) {
			AppsProperties.Query query = drill.queries().get(i);
			String key = prefix + ".queries[" + i + "]";
			if (!sourceIds.contains(query.source())) {
				throw new InvalidConfigurationException(key + ".source", query.source(),
						"not a source of this app (its sources: " + sourceIds.stream().sorted().toList() + ")");
			}
			Source source = app.sources().stream().filter((s) -> s.id().equals(query.source())).findFirst().orElseThrow();
			if (!source.type().hasRows()) {
				throw new InvalidConfigurationException(key + ".source", query.source(),
						"verification queries run on database sources (sqlite, postgres)");
			}
			if (query.sql().length() > 4000) {
				throw new InvalidConfigurationException(key + ".sql", query.sql().substring(0, 40) + "…",
						"a query of at most 4000 characters");
			}
		}
		if (drill.boot() != null) {
			checkCommand(prefix + ".boot.command", drill.boot().command(), commands);
			String url = drill.boot().healthUrl();
			if (!url.startsWith("http://") && !url.startsWith("https://")) {
				throw new InvalidConfigurationException(prefix + ".boot.health-url", url, "an http:// or https:// URL");
			}
			checkDuration(prefix + ".boot.timeout", drill.boot().timeout(), Duration.ofSeconds(1), Duration.ofHours(1));
		}
	}

	private static void checkDuration(String key, Duration value, Duration min, Duration max) {
		if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
			throw new InvalidConfigurationException(key, value, "a duration from " + words(min) + " to " + words(max));
		}
	}

	private static String words(Duration duration) {
		return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
	}

	private static void checkCommand(String key, String commandId, CommandRunner commands) {
		if (commandId != null && !commands.isDeclared(commandId)) {
			throw new InvalidConfigurationException(key, commandId,
					"not a declared command; declare it under mamori.commands (declared: " + commands.ids() + ")");
		}
	}

}
