package dev.mamori.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.mamori.core.DaemonThreads;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the file of the embedded H2 database bounded while Mamori runs. H2's store never changes a
 * page in place: every commit appends the changed pages, and the old copies are rewritten away by
 * a background housekeeping that {@code WRITE_DELAY=0} (every commit on disk at once, which Mamori
 * needs so that a killed process loses no committed row) switches off. Without it a monitoring run
 * with thousands of checks a minute grew the file by about 400 MB in 11 minutes, down to a few MB
 * only at shutdown. This compacts the open file every {@code mamori.h2.compact-interval}, as H2
 * does at shutdown; with PostgreSQL or an in-memory H2 it does nothing.
 */
@Component
class EmbeddedH2Compaction implements DisposableBean {

	/** How long one compaction may spend moving chunks to shorten the file. */
	static final int MAX_COMPACT_MILLIS = 200;

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedH2Compaction.class);

	private final DataSource dataSource;

	private final H2Properties properties;

	private ScheduledExecutorService executor;

	EmbeddedH2Compaction(DataSource dataSource, H2Properties properties) {
		this.dataSource = dataSource;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	synchronized void start() {
		if (this.properties.compactInterval().isZero() || this.executor != null || store().isEmpty()) {
			return;
		}
		long millis = this.properties.compactInterval().toMillis();
		this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mamori-h2-compact"));
		this.executor.scheduleWithFixedDelay(this::compactQuietly, millis, millis, TimeUnit.MILLISECONDS);
		logger.debug("Compacting the embedded H2 file every {}", this.properties.compactInterval());
	}

	/**
	 * Compacts the file now.
	 * @return whether there was an open embedded H2 file to compact
	 */
	boolean compact() {
		Optional<MVStore> store = store();
		store.ifPresent((s) -> {
			// compactFile drops the retention time to 0 (as at shutdown); keep freed chunks for the
			// usual time afterwards, so a crash never finds a chunk it still needs overwritten.
			int retention = s.getRetentionTime();
			try {
				s.compactFile(MAX_COMPACT_MILLIS);
			}
			finally {
				s.setRetentionTime(retention);
			}
		});
		return store.isPresent();
	}

	private void compactQuietly() {
		try {
			compact();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not compact the H2 database file: {}", ex.toString());
		}
	}

	/** The store of the embedded, file-based H2 database behind the data source, if that is what it is. */
	private Optional<MVStore> store() {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.isWrapperFor(JdbcConnection.class)) {
				return Optional.empty();
			}
			if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
				// A TCP connection to an H2 server: that server keeps its own file.
				return Optional.empty();
			}
			Database database = session.getDatabase();
			if (!database.isPersistent() || database.getStore() == null) {
				return Optional.empty();
			}
			MVStore store = database.getStore().getMvStore();
			return (store.isClosed() || store.getFileStore() == null) ? Optional.empty() : Optional.of(store);
		}
		catch (SQLException ex) {
			logger.warn("Could not reach the database to compact it: {}", ex.toString());
			return Optional.empty();
		}
	}

	@Override
	public synchronized void destroy() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

}
