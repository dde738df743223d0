package dev.mamori.monitor.check;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.mamori.core.DaemonThreads;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.core.command.CommandResult;
import dev.mamori.core.command.CommandRunner;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitoringSettings;
import jakarta.annotation.PreDestroy;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs one check of a monitor. HTTP checks use the JDK's asynchronous client and hold no thread
 * while they wait; the blocking checks (TCP, certificate, disk, memory, commands, databases) run on
 * a bounded pool, so a slow target never delays the others.
 */
@Component
public class Checks {

	private static final int MAX_BODY = 256 * 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http;

	private final ExecutorService httpExecutor;

	private final ThreadPoolExecutor blocking;

	private final CommandRunner commands;

	private final ObjectProvider<BackupCatalogView> catalog;

	private final Clock clock;

	private final FirstBackupWait firstBackup = new FirstBackupWait();

	public Checks(MonitoringSettings settings, CommandRunner commands, ObjectProvider<BackupCatalogView> catalog,
			Clock clock) {
		this.commands = commands;
		this.catalog = catalog;
		this.clock = clock;
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

	/**
	 * Runs a check. HEARTBEAT monitors are not checked here: they are judged by their pings.
	 * @param definition the monitor
	 * @return the result; never completes exceptionally
	 */
	public CompletableFuture<CheckResult> run(MonitorDefinition definition) {
		CompletableFuture<CheckResult> future;
		try {
			future = switch (definition.type()) {
				case HTTP -> http(definition);
				case TCP -> blocking(definition, () -> tcp(definition));
				case CERTIFICATE -> blocking(definition, () -> certificate(definition));
				case DISK -> blocking(definition, () -> disk(definition));
				case MEMORY -> blocking(definition, () -> memory(definition, Path.of("/proc/meminfo")));
				case SYSTEMD, COMMAND -> blocking(definition, () -> command(definition));
				case DATABASE -> blocking(definition, () -> database(definition));
				case BACKUP_FRESHNESS -> CompletableFuture.completedFuture(freshness(definition));
				case HEARTBEAT -> CompletableFuture.completedFuture(CheckResult.down(null, "heartbeats are pushed"));
			};
		}
		catch (RuntimeException ex) {
			future = CompletableFuture.completedFuture(CheckResult.down(null, describe(ex)));
		}
		return future.exceptionally((ex) -> CheckResult.down(null, describe(ex)));
	}

	// HTTP

	private CompletableFuture<CheckResult> http(MonitorDefinition d) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url()))
			.timeout(d.timeout())
			.method(d.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody())
			.header("User-Agent", "Mamori");
		d.headers().forEach(request::header);
		boolean needsBody = d.bodyContains() != null || d.jsonPath() != null;
		long start = System.nanoTime();
		if (!needsBody) {
			return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
				.thenApply((response) -> judge(d, response.statusCode(), null, millisSince(start)));
		}
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply((response) -> {
			try (var in = response.body()) {
				String body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
				return judge(d, response.statusCode(), body, millisSince(start));
			}
			catch (IOException ex) {
				return CheckResult.down(millisSince(start), "reading the body failed: " + ex.getMessage());
			}
		});
	}

	static CheckResult judge(MonitorDefinition d, int status, String body, long millis) {
		boolean statusOk = d.expectedStatus().isEmpty() ? (status >= 200 && status < 400)
				: d.expectedStatus().contains(status);
		if (!statusOk) {
			return CheckResult.down(millis, "HTTP " + status + ", expected "
					+ (d.expectedStatus().isEmpty() ? "2xx or 3xx" : d.expectedStatus()));
		}
		if (d.bodyContains() != null && (body == null || !body.contains(d.bodyContains()))) {
			return CheckResult.down(millis, "HTTP " + status + ", body does not contain '" + d.bodyContains() + "'");
		}
		if (d.jsonPath() != null) {
			String value;
			try {
				value = JsonPath.parse(d.jsonPath()).read(json.readTree(body));
			}
			catch (JacksonException ex) {
				return CheckResult.down(millis, "HTTP " + status + ", body is not JSON");
			}
			if (value == null) {
				return CheckResult.down(millis, "HTTP " + status + ", " + d.jsonPath() + " not found");
			}
			if (d.jsonEquals() != null && !d.jsonEquals().equals(value)) {
				return CheckResult.down(millis,
						"HTTP " + status + ", " + d.jsonPath() + " is '" + value + "', expected '" + d.jsonEquals() + "'");
			}
		}
		if (d.maxResponseTime() != null && millis > d.maxResponseTime().toMillis()) {
			return CheckResult.down(millis,
					"HTTP " + status + " in " + millis + " ms, slower than " + d.maxResponseTime().toMillis() + " ms");
		}
		return CheckResult.up(millis, "HTTP " + status + " in " + millis + " ms");
	}

	// Blocking checks

	private CompletableFuture<CheckResult> blocking(MonitorDefinition d, java.util.function.Supplier<CheckResult> check) {
		return CompletableFuture.supplyAsync(check, this.blocking)
			.orTimeout(d.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
	}

	private CheckResult tcp(MonitorDefinition d) {
		long start = System.nanoTime();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(d.host(), d.port()), (int) d.timeout().toMillis());
			long millis = millisSince(start);
			return CheckResult.up(millis, "connected to " + d.host() + ":" + d.port() + " in " + millis + " ms");
		}
		catch (IOException ex) {
			return CheckResult.down(null, d.host() + ":" + d.port() + ": " + describe(ex));
		}
	}

	private CheckResult certificate(MonitorDefinition d) {
		URI uri = URI.create(d.url());
		int port = (uri.getPort() > 0) ? uri.getPort() : 443;
		long start = System.nanoTime();
		try {
			CapturingTrustManager capture = new CapturingTrustManager();
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { capture }, null);
			try (Socket raw = new Socket()) {
				raw.connect(new InetSocketAddress(uri.getHost(), port), (int) d.timeout().toMillis());
				raw.setSoTimeout((int) d.timeout().toMillis());
				try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
					.createSocket(raw, uri.getHost(), port, false)) {
					socket.startHandshake();
				}
			}
			X509Certificate leaf = capture.leaf;
			if (leaf == null) {
				return CheckResult.down(null, "the server sent no certificate");
			}
			long millis = millisSince(start);
			Instant notAfter = leaf.getNotAfter().toInstant();
			long daysLeft = Duration.between(this.clock.instant(), notAfter).toDays();
			int min = (d.minDaysLeft() != null) ? d.minDaysLeft() : 14;
			String what = "certificate of " + uri.getHost() + " expires " + notAfter + " (" + daysLeft + " days left";
			return (daysLeft >= min && notAfter.isAfter(this.clock.instant())) ? CheckResult.up(millis, what + ")")
					: CheckResult.down(millis, what + ", fewer than " + min + ")");
		}
		catch (IOException | GeneralSecurityException ex) {
			return CheckResult.down(null, uri.getHost() + ":" + port + ": " + describe(ex));
		}
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

	private static CheckResult threshold(String what, double percent, Double max) {
		double limit = (max != null) ? max : 80.0;
		String text = String.format(Locale.ROOT, "%s %.1f %% used (limit %.1f %%)", what, percent, limit);
		return (percent <= limit) ? CheckResult.up(null, text) : CheckResult.down(null, text);
	}

	private CheckResult command(MonitorDefinition d) {
		CommandResult result = this.commands.run(d.command());
		String tail = lastLine(result.outputTail());
		String text = result.summary() + (tail.isEmpty() ? "" : ": " + tail);
		return result.succeeded() ? CheckResult.up(result.duration().toMillis(), text)
				: CheckResult.down(result.duration().toMillis(), text);
	}

	private CheckResult database(MonitorDefinition d) {
		long start = System.nanoTime();
		Properties properties = new Properties();
		if (d.username() != null) {
			properties.setProperty("user", d.username());
		}
		if (d.password() != null) {
			properties.setProperty("password", d.password());
		}
		properties.setProperty("connectTimeout", Long.toString(Math.max(1, d.timeout().toSeconds())));
		properties.setProperty("loginTimeout", Long.toString(Math.max(1, d.timeout().toSeconds())));
		try (Connection connection = DriverManager.getConnection(d.jdbcUrl(), properties);
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout((int) Math.max(1, d.timeout().toSeconds()));
			statement.execute(d.query());
			long millis = millisSince(start);
			return CheckResult.up(millis, "database answered '" + d.query() + "' in " + millis + " ms");
		}
		catch (SQLException ex) {
			// The driver's message never contains the password.
			return CheckResult.down(null, "database: " + firstLine(ex.getMessage()));
		}
	}

	private CheckResult freshness(MonitorDefinition d) {
		BackupCatalogView view = this.catalog.getIfAvailable();
		if (view == null) {
			return CheckResult.down(null, "no backup catalog in this Mamori");
		}
		Optional<Instant> newest = view.newestGoodSnapshotAt(d.app());
		if (newest.isEmpty()) {
			return this.firstBackup.judge(d.app(), d.maxAge(), this.clock.instant());
		}
		Duration age = Duration.between(newest.get(), this.clock.instant());
		String text = "newest good backup of " + d.app() + " is " + human(age) + " old (limit " + human(d.maxAge()) + ")";
		return age.compareTo(d.maxAge()) <= 0 ? CheckResult.up(null, text) : CheckResult.down(null, text);
	}

	// Helpers

	static String human(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 120) {
			return seconds + " s";
		}
		if (seconds < 7200) {
			return (seconds / 60) + " min";
		}
		if (seconds < 172800) {
			return (seconds / 3600) + " h";
		}
		return (seconds / 86400) + " d";
	}

	static String describe(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException
				|| cause instanceof java.net.SocketTimeoutException) {
			return (cause instanceof HttpConnectTimeoutException) ? "connect timed out" : "timed out";
		}
		if (cause instanceof ConnectException) {
			return "connection refused";
		}
		Throwable tls = cause;
		while (tls != null && !(tls instanceof SSLException)) {
			tls = tls.getCause();
		}
		if (tls != null) {
			return "TLS error: " + firstLine(tls.getMessage());
		}
		if (cause instanceof java.nio.channels.UnresolvedAddressException
				|| cause instanceof java.net.UnknownHostException) {
			return "unknown host " + firstLine(cause.getMessage());
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + firstLine(message) : "");
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline) : text;
	}

	private static String lastLine(String text) {
		List<String> lines = text.strip().lines().toList();
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	/**
	 * @return blocking checks waiting for a thread
	 */
	public int queuedBlockingChecks() {
		return this.blocking.getQueue().size();
	}

	@PreDestroy
	void close() {
		this.blocking.shutdownNow();
		this.httpExecutor.shutdownNow();
	}

	/**
	 * Accepts any chain and keeps the leaf: the certificate check measures expiry, and reports it
	 * even for a certificate that a browser would refuse.
	 */
	private static final class CapturingTrustManager implements X509TrustManager {

		private volatile X509Certificate leaf;

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
			this.leaf = (chain.length > 0) ? chain[0] : null;
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
