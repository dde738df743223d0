package dev.mamori.backup.offsite;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties;
import dev.mamori.core.Cron;
import dev.mamori.core.InvalidConfigurationException;

import org.springframework.stereotype.Component;

/**
 * The declared targets, and each app's copies checked against them at startup: a copy to a target
 * that is not declared, or a scheduled copy without a valid schedule, stops startup naming the key.
 * Secrets are looked up by name in the environment (or, for tests and service managers that pass
 * them so, a Java system property of that name); never in the configuration file.
 */
@Component
public class Targets {

	private final Map<String, TargetsProperties.Target> targets;

	private final UnaryOperator<String> env;

	@org.springframework.beans.factory.annotation.Autowired
	public Targets(TargetsProperties properties, AppRegistry apps) {
		this(properties.targets(), apps.all());
	}

	Targets(Map<String, TargetsProperties.Target> targets, Map<String, AppsProperties.App> apps) {
		this.targets = Collections.unmodifiableMap(new TreeMap<>(targets));
		this.env = Targets::secret;
		apps.forEach((appId, app) -> {
			List<AppsProperties.Copy> copies = app.backup().copies();
			for (int i = 0; i < copies.size(); i++) {
				AppsProperties.Copy copy = copies.get(i);
				String key = "mamori.apps." + appId + ".backup.copies[" + i + "]";
				if (!this.targets.containsKey(copy.target())) {
					throw new InvalidConfigurationException(key + ".target", copy.target(),
							"no such target under mamori.targets (declared: " + String.join(", ", this.targets.keySet()) + ")");
				}
				for (int j = 0; j < i; j++) {
					if (copies.get(j).target().equals(copy.target())) {
						throw new InvalidConfigurationException(key + ".target", copy.target(), "a target once per app");
					}
				}
				if (copy.maxAge() != null && (copy.maxAge().isNegative() || copy.maxAge().isZero())) {
					throw new InvalidConfigurationException(key + ".max-age", copy.maxAge().toString(),
							"a positive duration, such as 26h or 8d");
				}
				if (copy.when() == AppsProperties.CopyWhen.SCHEDULE) {
					if (copy.schedule() == null || copy.schedule().isBlank()) {
						throw new InvalidConfigurationException(key + ".schedule", "", "required with when: schedule");
					}
					try {
						Cron.parse(copy.schedule());
					}
					catch (IllegalArgumentException ex) {
						throw new InvalidConfigurationException(key + ".schedule", copy.schedule(),
								"a cron expression, 5 fields (minute hour day month weekday): " + ex.getMessage());
					}
				}
			}
		});
	}

	private static String secret(String name) {
		String value = System.getenv(name);
		return (value != null) ? value : System.getProperty(name);
	}

	/**
	 * @return every target by id
	 */
	public Map<String, TargetsProperties.Target> all() {
		return this.targets;
	}

	/**
	 * @param id a target id
	 * @return the target
	 * @throws IllegalArgumentException when none has that id
	 */
	public TargetsProperties.Target get(String id) {
		TargetsProperties.Target target = this.targets.get(id);
		if (target == null) {
			throw new IllegalArgumentException("no target '" + id + "' is declared under mamori.targets");
		}
		return target;
	}

	/**
	 * Connects to a target.
	 * @param id the target's id
	 * @return the store; close it
	 */
	RemoteStore open(String id) throws IOException {
		return open(id, get(id), this.env);
	}

	static RemoteStore open(String id, TargetsProperties.Target target, UnaryOperator<String> env) throws IOException {
		return switch (target.type()) {
			case SFTP -> SftpStore.open(id, target, env);
			case S3 -> S3Store.open(target, env);
		};
	}

	/**
	 * @param id the target
	 * @param appId the app
	 * @param name an archive
	 * @return where the archive is on the target, for people and reports
	 */
	String location(String id, String appId, String name) {
		TargetsProperties.Target target = get(id);
		String base = target.describe();
		return base + (base.endsWith("/") ? "" : "/") + Copier.key(appId, name);
	}

}
