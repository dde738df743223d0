package dev.mamori.monitor.check;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import dev.mamori.monitor.CheckResult;

/**
 * What the checks share: one-line descriptions of failures, human durations, thresholds.
 */
final class CheckTexts {

	private CheckTexts() {
	}

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

	static String firstLine(String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline) : text;
	}

	static String lastLine(String text) {
		List<String> lines = text.strip().lines().toList();
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}

	static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	static CheckResult threshold(String what, double percent, Double max) {
		double limit = (max != null) ? max : dev.mamori.monitor.MonitorDefaults.MAX_PERCENT;
		String text = String.format(Locale.ROOT, "%s %.1f %% used (limit %.1f %%)", what, percent, limit);
		return (percent <= limit) ? CheckResult.up(null, text) : CheckResult.down(null, text);
	}

}
