package dev.mamori.monitor.check;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.mamori.core.DaemonThreads;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitoringSettings;
import jakarta.annotation.PreDestroy;

import org.springframework.stereotype.Component;

/**
 * What the checks run on: the JDK's asynchronous HTTP client, which holds no thread while it waits,
 * and one bounded pool for the blocking checks (TCP, certificate, disk, memory, commands,
 * databases), so a slow target never delays the others.
 */
@Component
class CheckExecutors {

	private final HttpClient http;

	private final ExecutorService httpExecutor;

	private final ThreadPoolExecutor blocking;

	CheckExecutors(MonitoringSettings settings) {
		this.httpExecutor = Executors.newFixedThreadPool(2, DaemonThreads.named("mamori-http"));
		this.http = HttpClient.newBuilder()
			.executor(this.httpExecutor)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		this.blocking = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(10_000), DaemonThreads.named("mamori-check"));
		this.blocking.allowCoreThreadTimeOut(true);
	}

	HttpClient http() {
		return this.http;
	}

	/**
	 * @param d the monitor, for its timeout
	 * @param check the blocking work
	 * @return its result, or a timeout a second after the monitor's
	 */
	CompletableFuture<CheckResult> blocking(MonitorDefinition d, Supplier<CheckResult> check) {
		return CompletableFuture.supplyAsync(check, this.blocking)
			.orTimeout(d.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
	}

	int queuedBlockingChecks() {
		return this.blocking.getQueue().size();
	}

	@PreDestroy
	void close() {
		this.blocking.shutdownNow();
		this.httpExecutor.shutdownNow();
	}

}
