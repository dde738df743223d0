package dev.mamori.backup.source;

import java.net.URI;

/**
 * Host, port and database of a {@code jdbc:postgresql://} URL, for the command-line tools.
 *
 * @param host server host
 * @param port server port
 * @param database database name
 */
public record PostgresLocation(String host, int port, String database) {

	/**
	 * @param jdbcUrl such as {@code jdbc:postgresql://localhost:5432/mks_db?sslmode=require}
	 * @return its parts
	 * @throws IllegalArgumentException when it is not such a URL
	 */
	public static PostgresLocation parse(String jdbcUrl) {
		if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
			throw new IllegalArgumentException("not a jdbc:postgresql:// URL: " + jdbcUrl);
		}
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		String database = path.startsWith("/") ? path.substring(1) : path;
		if (database.isEmpty() || uri.getHost() == null) {
			throw new IllegalArgumentException("the URL needs a host and a database: " + jdbcUrl);
		}
		return new PostgresLocation(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 5432, database);
	}

	/**
	 * @return the URL without credentials or parameters, safe to show
	 */
	public String display() {
		return "postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

}
