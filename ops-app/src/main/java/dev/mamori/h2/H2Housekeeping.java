package dev.mamori.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file small while Mamori writes to it all the time (thousands of monitors).
 * The shipped URL sets {@code WRITE_DELAY=0}, so that every commit is on disk before it returns and
 * a killed Mamori loses no committed row; H2 then runs no background writer, and with it none of
 * its housekeeping, which rewrites the live pages of mostly dead chunks so that their space can be
 * used again. Without it the file grows with every commit (by hundreds of megabytes an hour under
 * many monitors) and shrinks only when Mamori stops. This runs H2's own chunk rewrite
 * ({@link FileStore#compact(int, int)}, under H2's store lock, as its background writer does)
 * once a second on a daemon thread. It does not move chunks to shorten the file, which H2 does at
 * shutdown: the file stays at its high-water mark and its free space is reused.
 */
@Component
class H2Housekeeping {

	private static final Logger logger = LoggerFactory.getLogger(H2Housekeeping.class);

	/** Rewrite when less than this percentage of the chunks' space is live. */
	static final int TARGET_FILL_RATE = 80;

	/** At most this many bytes of live pages rewritten per pass, so that one pass stays short. */
	static final int WRITE_LIMIT = 4 * 1024 * 1024;

	private final DataSource dataSource;

	private final boolean enabled;

	private ScheduledExecutorService executor;

	private volatile boolean warned;

	H2Housekeeping(DataSource dataSource, @Value("${spring.datasource.url:}") String url,
			@Value("${mamori.scheduling.enabled:true}") boolean scheduling) {
		this.dataSource = dataSource;
		this.enabled = scheduling && url.startsWith("jdbc:h2:file:") && url.toUpperCase().contains(";WRITE_DELAY=0");
	}

	boolean enabled() {
		return this.enabled;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.enabled || this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "mamori-h2-housekeeping");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::pass, 1, 1, TimeUnit.SECONDS);
	}

	@PreDestroy
	void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** One pass: rewrites the live pages of the emptiest chunks when the file is fragmented. */
	boolean pass() {
		try (Connection connection = this.dataSource.getConnection()) {
			FileStore<?> store = fileStore(connection);
			return store != null && store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
		}
		catch (SQLException | RuntimeException ex) {
			if (!this.warned) {
				this.warned = true;
				logger.warn("H2 housekeeping could not run; the database file may grow until Mamori restarts: {}",
						ex.toString());
			}
			return false;
		}
	}

	private static FileStore<?> fileStore(Connection connection) throws SQLException {
		if (!connection.isWrapperFor(JdbcConnection.class)) {
			return null;
		}
		if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
			return null;
		}
		MVStore store = session.getDatabase().getStore().getMvStore();
		return (!store.isClosed() && !store.isReadOnly()) ? store.getFileStore() : null;
	}

}
