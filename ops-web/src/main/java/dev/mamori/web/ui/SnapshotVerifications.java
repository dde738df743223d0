package dev.mamori.web.ui;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.mamori.backup.BackupService;
import dev.mamori.core.Actor;
import dev.mamori.core.DaemonThreads;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * "Verify" from the app page: re-reading an archive can take minutes, so it runs on one background
 * thread and the page follows it; a snapshot already being verified is not queued twice.
 */
@Component
class SnapshotVerifications {

	private static final Logger logger = LoggerFactory.getLogger(SnapshotVerifications.class);

	private final BackupService backups;

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("mamori-ui-verify"));

	SnapshotVerifications(BackupService backups) {
		this.backups = backups;
	}

	/**
	 * @param snapshotId an existing snapshot
	 * @param actor who asks, for the audit log
	 * @return {@code false} when it is already queued or running
	 */
	boolean start(long snapshotId, Actor actor) {
		if (!this.running.add(snapshotId)) {
			return false;
		}
		this.executor.execute(() -> {
			try {
				this.backups.verify(snapshotId, actor);
			}
			catch (RuntimeException ex) {
				logger.warn("Verifying snapshot {} failed: {}", snapshotId, ex.getMessage());
			}
			finally {
				this.running.remove(snapshotId);
			}
		});
		return true;
	}

	/**
	 * @param snapshotId a snapshot
	 * @return whether it is queued or being verified
	 */
	boolean inProgress(long snapshotId) {
		return this.running.contains(snapshotId);
	}

	@PreDestroy
	void stop() {
		this.executor.shutdownNow();
	}

}
