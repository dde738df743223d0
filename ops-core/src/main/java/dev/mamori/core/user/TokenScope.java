package dev.mamori.core.user;

/**
 * What an API token may be used for.
 */
public enum TokenScope {

	/** The REST API, with the token's role. */
	API,

	/** Only scraping {@code /actuator/prometheus}: for a Prometheus server. */
	METRICS

}
