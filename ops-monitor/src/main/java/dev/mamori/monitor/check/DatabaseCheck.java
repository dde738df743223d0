package dev.mamori.monitor.check;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.firstLine;
import static dev.mamori.monitor.check.CheckTexts.millisSince;

/**
 * A database answers a validation query through JDBC.
 */
@Component
class DatabaseCheck implements Check {

	private final CheckExecutors executors;

	DatabaseCheck(CheckExecutors executors) {
		this.executors = executors;
	}

	@Override
	public MonitorType type() {
		return MonitorType.DATABASE;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> database(d));
	}

	private CheckResult database(MonitorDefinition d) {
		long start = System.nanoTime();
		Properties properties = new Properties();
		if (d.username() != null) {
			properties.setProperty("user", d.username());
		}
		if (d.password() != null) {
			properties.setProperty("password", d.password());
		}
		properties.setProperty("connectTimeout", Long.toString(Math.max(1, d.timeout().toSeconds())));
		properties.setProperty("loginTimeout", Long.toString(Math.max(1, d.timeout().toSeconds())));
		try (Connection connection = DriverManager.getConnection(d.jdbcUrl(), properties);
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout((int) Math.max(1, d.timeout().toSeconds()));
			statement.execute(d.query());
			long millis = millisSince(start);
			return CheckResult.up(millis, "database answered '" + d.query() + "' in " + millis + " ms");
		}
		catch (SQLException ex) {
			// The driver's message never contains the password.
			return CheckResult.down(null, "database: " + firstLine(ex.getMessage()));
		}
	}

}
