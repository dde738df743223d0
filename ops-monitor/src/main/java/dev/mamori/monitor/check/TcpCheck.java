package dev.mamori.monitor.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;

import org.springframework.stereotype.Component;

import static dev.mamori.monitor.check.CheckTexts.describe;
import static dev.mamori.monitor.check.CheckTexts.millisSince;

/**
 * A TCP connection to a host and port.
 */
@Component
class TcpCheck implements Check {

	private final CheckExecutors executors;

	TcpCheck(CheckExecutors executors) {
		this.executors = executors;
	}

	@Override
	public MonitorType type() {
		return MonitorType.TCP;
	}

	@Override
	public CompletableFuture<CheckResult> run(MonitorDefinition d) {
		return this.executors.blocking(d, () -> connect(d));
	}

	private CheckResult connect(MonitorDefinition d) {
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

}
