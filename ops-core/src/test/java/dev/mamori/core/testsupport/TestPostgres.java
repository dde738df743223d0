package dev.mamori.core.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for tests: the one named by {@code MAMORI_TEST_PG_URL} (with
 * {@code MAMORI_TEST_PG_USER} and {@code MAMORI_TEST_PG_PASSWORD}) when set, otherwise a
 * Testcontainers container when Docker is available. Each test class gets a database of its own,
 * dropped when the JVM exits.
 */
public final class TestPostgres {

	/** Set to {@code true} (CI does) to fail instead of skipping when no server is available. */
	public static final String REQUIRED_ENV = "MAMORI_TEST_PG_REQUIRED";

	private static Server server;

	private static String unavailableReason;

	private static final List<String> created = new ArrayList<>();

	private TestPostgres() {
	}

	/**
	 * @return why no server is available, or {@code null} when one is
	 */
	static synchronized String unavailableReason() {
		resolve();
		return unavailableReason;
	}

	/**
	 * Creates a fresh, empty database.
	 * @return how to reach it
	 */
	public static synchronized Database newDatabase() {
		resolve();
		if (server == null) {
			throw new IllegalStateException("No PostgreSQL server for tests: " + unavailableReason);
		}
		String name = "mamori_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute(server.adminUrl(), "CREATE DATABASE " + name);
		created.add(name);
		return new Database(server.urlFor(name), server.user(), server.password(), name);
	}

	/**
	 * Points Spring's data source at a fresh database.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @return the database
	 */
	public static Database register(DynamicPropertyRegistry registry) {
		Database database = newDatabase();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
		return database;
	}

	private static void resolve() {
		if (server != null || unavailableReason != null) {
			return;
		}
		String url = System.getenv("MAMORI_TEST_PG_URL");
		if (url != null && !url.isBlank()) {
			Server candidate = new Server(url, env("MAMORI_TEST_PG_USER", "postgres"),
					env("MAMORI_TEST_PG_PASSWORD", ""));
			try (Connection ignored = DriverManager.getConnection(candidate.adminUrl(), candidate.user(),
					candidate.password())) {
				server = candidate;
			}
			catch (SQLException ex) {
				unavailableReason = "MAMORI_TEST_PG_URL=" + url + " is not reachable: " + ex.getMessage();
				return;
			}
		}
		else if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			server = new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		else {
			unavailableReason = "no Docker and MAMORI_TEST_PG_URL is not set";
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated));
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static synchronized void dropCreated() {
		for (String name : created) {
			try {
				execute(server.adminUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			}
			catch (RuntimeException ex) {
				// Best effort at JVM exit; a leftover test database is harmless.
			}
		}
	}

	private static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed on " + url + ": " + ex.getMessage(), ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	static boolean required() {
		return "true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))
				|| "true".equalsIgnoreCase(System.getProperty(REQUIRED_ENV.toLowerCase(Locale.ROOT)));
	}

	/**
	 * A database created for one test class.
	 * @param url JDBC URL
	 * @param user user name
	 * @param password password
	 * @param name database name
	 */
	public record Database(String url, String user, String password, String name) {

		/**
		 * @return the host part of the URL
		 */
		public String host() {
			return hostPort()[0];
		}

		/**
		 * @return the port part of the URL
		 */
		public int port() {
			String[] parts = hostPort();
			return (parts.length > 1) ? Integer.parseInt(parts[1]) : 5432;
		}

		private String[] hostPort() {
			String rest = this.url.substring("jdbc:postgresql://".length());
			return rest.substring(0, rest.indexOf('/')).split(":");
		}

	}

	private record Server(String url, String user, String password) {

		String adminUrl() {
			return this.url;
		}

		String urlFor(String database) {
			int slash = this.url.indexOf('/', "jdbc:postgresql://".length());
			int query = this.url.indexOf('?', slash);
			String suffix = (query >= 0) ? this.url.substring(query) : "";
			return this.url.substring(0, slash + 1) + database + suffix;
		}

	}

}
