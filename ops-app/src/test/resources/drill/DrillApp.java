import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A tiny app for drill tests: needs its items table, then serves /health on the given port. */
public class DrillApp {

	public static void main(String[] args) throws Exception {
		Files.writeString(Path.of(args[1]), String.valueOf(ProcessHandle.current().pid()));
		String db = System.getenv("MAMORI_DRILL_DB");
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
				ResultSet r = c.createStatement().executeQuery("select count(*) from items")) {
			r.next();
			System.out.println("items: " + r.getLong(1));
		}
		catch (SQLException e) {
			System.out.println("startup failed: " + e.getMessage());
			System.exit(3);
		}
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
		server.createContext("/health", (x) -> {
			byte[] body = "ok".getBytes();
			x.sendResponseHeaders(200, body.length);
			x.getResponseBody().write(body);
			x.close();
		});
		server.start();
	}

}
