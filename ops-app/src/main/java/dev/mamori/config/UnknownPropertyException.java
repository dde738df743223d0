package dev.mamori.config;

import java.util.List;

/**
 * The configuration has keys under {@code mamori} that nothing reads: a misspelling
 * ({@code max-precent}) or a block indented under the wrong parent. Stops startup naming each key,
 * where it was set and the nearest known keys; never its value, which may be a secret.
 */
public class UnknownPropertyException extends RuntimeException {

	private final List<String> keys;

	UnknownPropertyException(List<String> keys, List<String> problems) {
		super("Unknown configuration " + ((keys.size() == 1) ? "key " : "keys ") + String.join(", ", keys)
				+ ":\n - " + String.join("\n - ", problems));
		this.keys = List.copyOf(keys);
	}

	/**
	 * @return the unknown keys, as written
	 */
	public List<String> getKeys() {
		return this.keys;
	}

}
