package dev.mamori.backup;

import dev.mamori.core.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Whenever Mamori starts (server or command line): restores a crash interrupted are finished or
 * undone (see {@link RestoreService#recoverInterrupted}), runs a killed Mamori left RUNNING are marked
 * FAILED "interrupted" and their partial archives removed, and apps without any catalog entry get
 * their catalog rebuilt from the destination (a fresh install next to an old USB drive). What interrupted
 * drills left (scratch folders and databases) is removed and their runs marked FAILED.
 */
@Component
class BackupStartup {

	private static final Logger logger = LoggerFactory.getLogger(BackupStartup.class);

	private final BackupService backups;

	private final AppRegistry apps;

	private final RestoreService restores;

	private final DrillService drills;

	BackupStartup(BackupService backups, AppRegistry apps, RestoreService restores, DrillService drills) {
		this.backups = backups;
		this.apps = apps;
		this.restores = restores;
		this.drills = drills;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void recover() {
		// First of all: a restore a crash interrupted is finished or undone, and its app started again.
		this.restores.recoverInterrupted();
		int leftovers = this.drills.recoverInterrupted();
		if (leftovers > 0) {
			logger.warn("Removed {} leftover(s) of interrupted drills", leftovers);
		}
		int interrupted = this.backups.recoverInterrupted();
		if (interrupted > 0) {
			logger.warn("Marked {} backup run(s) as interrupted", interrupted);
		}
		for (String appId : this.apps.all().keySet()) {
			if (this.backups.catalogEmpty(appId)) {
				try {
					this.backups.rebuildCatalog(appId, Actor.SYSTEM);
				}
				catch (RuntimeException ex) {
					logger.info("Catalog of {} not rebuilt at startup: {}", appId, ex.getMessage());
				}
			}
		}
	}

}
