package dev.mamori.core;

/**
 * The configuration file declares something Mamori cannot use. Stops startup with the key, the
 * value and what was expected.
 */
public class InvalidConfigurationException extends RuntimeException {

	private final String key;

	private final Object value;

	/**
	 * @param key the full property key, such as {@code mamori.apps.ecm.backup.schedule}
	 * @param value the value found
	 * @param expected what a valid value looks like
	 */
	public InvalidConfigurationException(String key, Object value, String expected) {
		super(key + " = '" + value + "': " + expected);
		this.key = key;
		this.value = value;
	}

	public String getKey() {
		return this.key;
	}

	public Object getValue() {
		return this.value;
	}

}
