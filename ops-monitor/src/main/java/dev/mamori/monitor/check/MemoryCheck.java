package dev.mamori.monitor.check;

import java.io.IOException;
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
 * Used memory of the machine, from {@code /proc/meminfo} (total less available).
 */
@Component
class MemoryCheck implements Check {

	private final CheckExecutors executors;

	MemoryCheck(CheckExecutors executors) {
		this.executors = executors;
	}

	@Override
	public MonitorType type() {
		return MonitorType.MEMORY;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> memory(d, Path.of("/proc/meminfo")));
	}

	static CheckResult memory(MonitorDefinition d, Path meminfo) {
		try {
			long total = -1;
			long available = -1;
			for (String line : Files.readAllLines(meminfo)) {
				if (line.startsWith("MemTotal:")) {
					total = kilobytes(line);
				}
				else if (line.startsWith("MemAvailable:")) {
					available = kilobytes(line);
				}
			}
			if (total <= 0 || available < 0) {
				return CheckResult.down(null, "memory: " + meminfo + " has no MemTotal/MemAvailable");
			}
			return threshold("memory", 100.0 * (total - available) / total, d.maxPercent());
		}
		catch (IOException ex) {
			return CheckResult.down(null, "memory: " + describe(ex));
		}
	}

	private static long kilobytes(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

}
