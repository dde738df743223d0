package dev.mamori.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A small real app on disk, like the cost-management app on a Pi: an SQLite database in WAL mode,
 * an uploads directory, a {@code .env}, and a USB-like destination with a marker file.
 */
public final class AppFixture {

	public final Path root;

	public final Path database;

	public final Path uploads;

	public final Path env;

	public final Path destination;

	public static final String MARKER = "TEST-USB";

	private AppFixture(Path root) {
		this.root = root;
		this.database = root.resolve("app/master.db");
		this.uploads = root.resolve("app/uploads");
		this.env = root.resolve("app/.env");
		this.destination = root.resolve("usb");
	}

	/**
	 * @param root an empty directory
	 * @param rows rows to put in the {@code items} table
	 * @return the fixture, created
	 */
	public static AppFixture create(Path root, int rows) {
		AppFixture fixture = new AppFixture(root);
		try {
			Files.createDirectories(fixture.uploads.resolve("photos"));
			Files.createDirectories(fixture.destination);
			Files.writeString(fixture.destination.resolve(".mamori-destination"), MARKER + "\n");
			Random random = new Random(7);
			for (int i = 0; i < 20; i++) {
				byte[] bytes = new byte[2000 + random.nextInt(50_000)];
				random.nextBytes(bytes);
				Files.write(fixture.uploads.resolve("photos/p" + i + ".jpg"), bytes);
			}
			Files.writeString(fixture.uploads.resolve("readme.txt"), "uploads\n");
			Files.writeString(fixture.env, "DATABASE=master.db\nSECRET_KEY=abc\n", StandardCharsets.UTF_8);
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + fixture.database);
					Statement statement = connection.createStatement()) {
				statement.execute("pragma journal_mode=wal");
				statement.execute("create table items (id integer primary key, name text not null, amount integer)");
				connection.setAutoCommit(false);
				for (int i = 1; i <= rows; i++) {
					statement.execute("insert into items (name, amount) values ('item " + i + "', " + (i * 10) + ")");
				}
				connection.commit();
			}
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Could not create the app fixture in " + root, ex);
		}
		return fixture;
	}

	/**
	 * Declares the fixture as app {@code id} with its three sources.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param id the app id
	 * @param schedule a cron expression, or {@code null}
	 */
	public void register(DynamicPropertyRegistry registry, String id, String schedule) {
		String app = "mamori.apps." + id;
		registry.add(app + ".name", () -> "Test app " + id);
		registry.add(app + ".sources[0].id", () -> "db");
		registry.add(app + ".sources[0].type", () -> "sqlite");
		registry.add(app + ".sources[0].path", this.database::toString);
		registry.add(app + ".sources[1].id", () -> "uploads");
		registry.add(app + ".sources[1].type", () -> "directory");
		registry.add(app + ".sources[1].path", this.uploads::toString);
		registry.add(app + ".sources[1].exclude[0]", () -> "*.tmp");
		registry.add(app + ".sources[2].id", () -> "env");
		registry.add(app + ".sources[2].type", () -> "file");
		registry.add(app + ".sources[2].path", this.env::toString);
		registry.add(app + ".backup.destination", this.destination::toString);
		registry.add(app + ".backup.destination-marker", () -> MARKER);
		if (schedule != null) {
			registry.add(app + ".backup.schedule", () -> schedule);
		}
	}

	/**
	 * Writes a command-line configuration that declares the fixture as app {@code id} with its three
	 * sources (db, uploads, env) and its destination.
	 * @param file where to write it
	 * @param id the app id
	 * @param dataDir the configuration's {@code data-dir}
	 * @return the file
	 */
	public Path cliConfig(Path file, String id, Path dataDir) throws IOException {
		return Files.writeString(file, """
				mamori:
				  data-dir: %s
				  apps:
				    %s:
				      sources:
				        - { id: db, type: sqlite, path: %s }
				        - { id: uploads, type: directory, path: %s }
				        - { id: env, type: file, path: %s }
				      backup:
				        destination: %s
				""".formatted(dataDir, id, this.database, this.uploads, this.env, this.destination));
	}

	/**
	 * @return how many rows {@code items} has now
	 */
	public long rows() {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.database);
				Statement statement = connection.createStatement();
				var rs = statement.executeQuery("select count(*) from items")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
