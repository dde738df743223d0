package dev.mamori.monitor.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefaults;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.describe;
import static dev.mamori.monitor.check.CheckTexts.millisSince;

/**
 * Days left on a TLS server certificate.
 */
@Component
class CertificateCheck implements Check {

	private final CheckExecutors executors;

	private final Clock clock;

	CertificateCheck(CheckExecutors executors, Clock clock) {
		this.executors = executors;
		this.clock = clock;
	}

	@Override
	public MonitorType type() {
		return MonitorType.CERTIFICATE;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> certificate(d));
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
			int min = (d.minDaysLeft() != null) ? d.minDaysLeft() : MonitorDefaults.MIN_DAYS_LEFT;
			String what = "certificate of " + uri.getHost() + " expires " + notAfter + " (" + daysLeft + " days left";
			return (daysLeft >= min && notAfter.isAfter(this.clock.instant())) ? CheckResult.up(millis, what + ")")
					: CheckResult.down(millis, what + ", fewer than " + min + ")");
		}
		catch (IOException | GeneralSecurityException ex) {
			return CheckResult.down(null, uri.getHost() + ":" + port + ": " + describe(ex));
		}
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
