package dev.mamori.monitor;

/**
 * Validation of JSON paths for monitors.
 */
public final class JsonPaths {

	private JsonPaths() {
	}

	/**
	 * @param path a JSON path
	 * @return why it cannot be used, or {@code null} when it can
	 */
	public static String error(String path) {
		try {
			JsonPath.parse(path);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

}
