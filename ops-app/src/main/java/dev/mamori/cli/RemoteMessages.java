package dev.mamori.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The texts of the remote CLI (and of {@code restore-self}) in English or Japanese: {@code --lang},
 * else the {@code LC_ALL}, {@code LC_MESSAGES} or {@code LANG} environment variable
 * ({@code ja_JP.UTF-8} selects Japanese).
 */
final class RemoteMessages {

	private final ResourceBundle bundle;

	private final Locale locale;

	private RemoteMessages(String name, Locale locale) {
		this.locale = locale;
		this.bundle = ResourceBundle.getBundle(name, locale,
				ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
	}

	/**
	 * @param lang {@code --lang}, or {@code null}
	 * @param environment the process environment
	 * @return the messages
	 */
	static RemoteMessages of(String lang, Map<String, String> environment) {
		return of("dev.mamori.cli.remote", lang, environment);
	}

	/**
	 * @param name the resource bundle, such as {@code dev.mamori.cli.restore-self}
	 * @param lang {@code --lang}, or {@code null}
	 * @param environment the process environment
	 * @return the messages
	 */
	static RemoteMessages of(String name, String lang, Map<String, String> environment) {
		String chosen = lang;
		for (String variable : new String[] { "LC_ALL", "LC_MESSAGES", "LANG" }) {
			if (chosen == null || chosen.isBlank()) {
				chosen = environment.get(variable);
			}
		}
		boolean japanese = chosen != null && chosen.toLowerCase(Locale.ROOT).startsWith("ja");
		return new RemoteMessages(name, japanese ? Locale.JAPANESE : Locale.ROOT);
	}

	String get(String key, Object... arguments) {
		String pattern = this.bundle.getString(key);
		return new MessageFormat(pattern, this.locale).format(arguments);
	}

	Locale locale() {
		return this.locale.equals(Locale.ROOT) ? Locale.ENGLISH : this.locale;
	}

}
