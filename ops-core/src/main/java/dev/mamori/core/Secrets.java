package dev.mamori.core;

/**
 * How Mamori shows a secret it must not reveal: the API, the pages, the configuration view and
 * {@code toString()} of settings all use the same mask and the same rule for URLs.
 */
public final class Secrets {

	/** What stands in for a secret. */
	public static final String MASK = "******";

	private Secrets() {
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
