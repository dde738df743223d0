package dev.mamori.backup;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.mamori.core.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives re-read one after another on one background thread: those a catalog rebuild listed, and
 * "Verify" from the app page. The queue is bounded (a drive with years of archives must not hold
 * thousands of tasks in memory); a snapshot is never queued twice. What is not verified stays
 * UNVERIFIED, and a restore verifies its archive anyway.
 */
final class BackgroundVerifications {

	private static final Logger logger = LoggerFactory.getLogger(BackgroundVerifications.class);

	static final int CAPACITY = 500;

	private final Set<Long> queued = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new ArrayBlockingQueue<>(CAPACITY), DaemonThreads.named("mamori-verify"));

	/**
	 * @param snapshotId the snapshot
	 * @param verification what verifies it
	 * @return {@code false} when it is already queued, or the queue is full
	 */
	boolean submit(long snapshotId, Runnable verification) {
		if (!this.queued.add(snapshotId)) {
			return false;
		}
		try {
			this.executor.execute(() -> {
				try {
					verification.run();
				}
				catch (RuntimeException ex) {
					// Pruned or deleted meanwhile, or the database went away: it stays as it was.
					logger.warn("Verifying snapshot {} in the background failed: {}", snapshotId, ex.getMessage());
				}
				finally {
					this.queued.remove(snapshotId);
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.queued.remove(snapshotId);
			logger.info("Verification queue full; snapshot {} stays unverified for now", snapshotId);
			return false;
		}
	}

	/**
	 * @param snapshotId a snapshot
	 * @return whether it is queued or being verified
	 */
	boolean contains(long snapshotId) {
		return this.queued.contains(snapshotId);
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

}
