package dev.mamori.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for Mamori's background pools: daemon threads (they never keep a stopping JVM
 * alive) with a recognizable name in thread dumps.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * @param name thread name; with several threads, each gets {@code -1}, {@code -2}, ...
	 * @return the factory
	 */
	public static ThreadFactory named(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			int n = count.incrementAndGet();
			Thread thread = new Thread(runnable, (n == 1) ? name : name + "-" + n);
			thread.setDaemon(true);
			return thread;
		};
	}

}
