package dev.mamori.backup.violation;

import dev.mamori.monitor.violation.MonitorType;

/**
 * A deliberate violation, only in test sources, that the architecture rule must catch.
 */
public class BackupClassUsingMonitor {

	public MonitorType monitor() {
		return new MonitorType();
	}

}
