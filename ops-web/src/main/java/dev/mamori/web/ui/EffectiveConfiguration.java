package dev.mamori.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.mamori.core.Secrets;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * The configuration Mamori runs with, read-only, for the administration page: every key of its own
 * and of the Spring settings it depends on, the value in effect (after environment variables and
 * command-line arguments) and where it came from. Secrets are never shown.
 */
@Component
class EffectiveConfiguration {

	private static final List<String> PREFIXES = List.of("mamori.", "spring.datasource.", "spring.mail.",
			"spring.jpa.", "spring.flyway.", "spring.session.", "spring.config.", "server.", "management.", "logging.");

	/** Keys whose value is a secret, whatever it looks like. */
	private final ConfigurableEnvironment environment;

	EffectiveConfiguration(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	/**
	 * @return every relevant key in order, with its effective value (masked when secret) and source
	 */
	List<Entry> entries() {
		Map<String, String> keys = new TreeMap<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				if (relevant(name, source)) {
					keys.putIfAbsent(name, source.getName());
				}
			}
		}
		List<Entry> entries = new ArrayList<>();
		keys.forEach((key, firstSource) -> {
			String value;
			try {
				value = this.environment.getProperty(key);
			}
			catch (IllegalArgumentException ex) {
				// An unresolvable placeholder: show it as written.
				value = String.valueOf(this.environment.getPropertySources().get(firstSource).getProperty(key));
			}
			entries.add(new Entry(key, Secrets.maskProperty(key, value), sourceOf(key)));
		});
		return entries;
	}

	private String sourceOf(String key) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!"configurationProperties".equals(source.getName()) && source.containsProperty(key)) {
				return describe(source.getName());
			}
		}
		return "";
	}

	/** Mamori's keys and the Spring ones it depends on; environment variables such as {@code MAMORI_DATA_DIR} too. */
	private static boolean relevant(String name, PropertySource<?> source) {
		if ("configurationProperties".equals(source.getName())) {
			return false;
		}
		String key = "systemEnvironment".equals(source.getName()) ? name.toLowerCase(Locale.ROOT).replace('_', '.')
				: name;
		return PREFIXES.stream().anyMatch(key::startsWith);
	}

	private static String describe(String source) {
		if (source.startsWith("Config resource '")) {
			int start = source.indexOf('[');
			int end = source.indexOf(']', start + 1);
			if (start >= 0 && end > start) {
				return source.substring(start + 1, end);
			}
		}
		return switch (source) {
			case "systemEnvironment" -> "environment variable";
			case "systemProperties" -> "JVM system property";
			case "commandLineArgs" -> "command line";
			default -> source;
		};
	}

	/**
	 * @param key the property key
	 * @param value its effective value, masked when secret
	 * @param source the file, environment variable or argument it came from
	 */
	record Entry(String key, String value, String source) {
	}

}
