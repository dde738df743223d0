package dev.mamori.monitor.check;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.describe;
import static dev.mamori.monitor.check.CheckTexts.threshold;

/**
 * Used space of the file system holding a path, the same figure as df's Use%.
 */
@Component
class DiskCheck implements Check {

	private final CheckExecutors executors;

	DiskCheck(CheckExecutors executors) {
		this.executors = executors;
	}

	@Override
	public MonitorType type() {
		return MonitorType.DISK;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> disk(d));
	}

	private CheckResult disk(MonitorDefinition d) {
		try {
			FileStore store = Files.getFileStore(Path.of(d.path()));
			long total = store.getTotalSpace();
			long used = total - store.getUnallocatedSpace();
			long available = store.getUsableSpace();
			// The same figure as df's Use%: used / (used + available to unprivileged users).
			double percent = (used + available == 0) ? 0 : 100.0 * used / (used + available);
			return threshold("disk " + d.path(), percent, d.maxPercent());
		}
		catch (IOException ex) {
			return CheckResult.down(null, "disk " + d.path() + ": " + describe(ex));
		}
	}

}
