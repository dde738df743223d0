package dev.mamori.core;

import java.util.regex.Pattern;

/**
 * How Mamori shows a secret it must not reveal: the API, the pages, the configuration view and
 * {@code toString()} of settings all use the same mask and the same rule for URLs.
 */
public final class Secrets {

	/** What stands in for a secret. */
	public static final String MASK = "******";

	/**
	 * Names of settings that hold a secret: passwords, tokens, keys, webhook URLs and HTTP headers
	 * (which carry credentials).
	 */
	private static final Pattern SECRET_KEY = Pattern.compile(
			"(?i).*(password|passwd|secret|token|credential|private|webhook|headers|api-?key|authorization|\\.key$).*");

	private Secrets() {
	}

	/**
	 * @param secret a secret, or {@code null}
	 * @return the mask, or {@code null} when there is no secret
	 */
	public static String mask(String secret) {
		return (secret != null) ? MASK : null;
	}

	/**
	 * @param key a setting's name, such as {@code spring.mail.password}
	 * @param value its value
	 * @return the mask when the name says it holds a secret, else the value with any password inside a URL
	 * masked; an empty value stays empty
	 */
	public static String maskProperty(String key, String value) {
		if (value == null || value.isEmpty()) {
			return value;
		}
		if (SECRET_KEY.matcher(key).matches()) {
			return MASK;
		}
		// A password inside a URL (JDBC or user:password@host).
		return maskUrl(value);
	}

	/** {@code key=value}, {@code key: value} or {@code "key": "value"} where the key names a secret. */
	private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
			"(?i)((?:password|passwd|secret|token|credential|api[-_]?key|authorization)[\\w.-]*\"?\\s*[=:]\\s*\"?)(?:bearer\\s+|basic\\s+)?[^\\s\",;&]+");

	/**
	 * Masks what looks like a secret in free text such as a log line: passwords in URLs, and values
	 * assigned to names that say they hold a secret ({@code password=...}, {@code "token": "..."},
	 * {@code Authorization: Bearer ...}).
	 * @param line a line of text, or {@code null}
	 * @return it with those values replaced by the mask
	 */
	public static String maskText(String line) {
		if (line == null) {
			return null;
		}
		return SECRET_ASSIGNMENT.matcher(maskUrl(line)).replaceAll("$1" + MASK);
	}

	/**
	 * @param url a URL or JDBC URL, or {@code null}
	 * @return it with any {@code password=} parameter and any {@code user:password@} part masked
	 */
	public static String maskUrl(String url) {
		if (url == null) {
			return null;
		}
		return url.replaceAll("(?i)(password=)[^&;]*", "$1" + MASK).replaceAll("//([^/@:]+):[^/@]*@", "//$1:" + MASK + "@");
	}

}
