package dev.mamori.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fixture app's data as the crash tests see it: a change that makes every source differ from the
 * backup, and a fingerprint of the logical content of all three sources.
 */
public final class AppData {

	private AppData() {
	}

	/** The archives on the app's drive, by name. */
	public static List<Path> archives(RunningApp app) throws IOException {
		try (Stream<Path> files = Files.list(app.files.destination)) {
			return files.filter((f) -> f.getFileName().toString().endsWith(".tar.zst")).sorted().toList();
		}
	}

	/** Old and new differ in every source. */
	public static void changeLiveData(RunningApp app) throws IOException, SQLException {
		sql(app, "insert into items (name, amount) values ('after the backup', 1), ('and another', 2)");
		sql(app, "update items set amount = amount + 1 where id = 7");
		Files.writeString(app.files.uploads.resolve("readme.txt"), "uploads, changed after the backup\n");
		Files.write(app.files.uploads.resolve("photos/new.jpg"), randomBytes(40_000, 11));
		Files.delete(app.files.uploads.resolve("photos/p3.jpg"));
		Files.writeString(app.files.env, "DATABASE=master.db\nSECRET_KEY=changed\nNEW=1\n");
	}

	public static void sql(RunningApp app, String statement) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + app.files.database);
				Statement s = connection.createStatement()) {
			s.execute(statement);
		}
	}

	/** Names beside the sources (all three live in the same directory). */
	public static List<String> sideFiles(RunningApp app) throws IOException {
		try (Stream<Path> files = Files.list(app.files.database.getParent())) {
			return files.map((f) -> f.getFileName().toString()).sorted().toList();
		}
	}

	public static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The logical content of the app's three sources.
	 * @param db rows of {@code items} hashed in id order, the row count and {@code integrity_check}
	 * @param uploads SHA-256 of every file by relative path
	 * @param env SHA-256 of {@code .env}
	 */
	public record State(String db, Map<String, String> uploads, String env) {

		/**
		 * @param app the app
		 * @return its state now
		 */
		public static State of(RunningApp app) throws IOException, SQLException {
			return new State(db(app.files.database), tree(app.files.uploads),
					Files.exists(app.files.env) ? sha256(Files.readAllBytes(app.files.env)) : "(missing)");
		}

		private static String db(Path database) throws SQLException {
			if (!Files.exists(database)) {
				return "(missing)";
			}
			StringBuilder rows = new StringBuilder();
			long count = 0;
			String integrity;
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
					Statement statement = connection.createStatement()) {
				try (ResultSet rs = statement.executeQuery("pragma integrity_check")) {
					rs.next();
					integrity = rs.getString(1);
				}
				try (ResultSet rs = statement.executeQuery("select id, name, amount from items order by id")) {
					while (rs.next()) {
						rows.append(rs.getLong(1)).append('|').append(rs.getString(2)).append('|').append(rs.getLong(3)).append('\n');
						count++;
					}
				}
			}
			return count + " rows, integrity " + integrity + ", sha256 " + sha256(rows.toString().getBytes(StandardCharsets.UTF_8));
		}

		private static Map<String, String> tree(Path dir) throws IOException {
			Map<String, String> sums = new TreeMap<>();
			if (!Files.isDirectory(dir)) {
				return sums;
			}
			try (Stream<Path> files = Files.walk(dir)) {
				for (Path file : files.filter((f) -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
					sums.put(dir.relativize(file).toString(), sha256(Files.readAllBytes(file)));
				}
			}
			return sums;
		}

	}

}
