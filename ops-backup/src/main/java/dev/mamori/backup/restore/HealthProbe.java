package dev.mamori.backup.restore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks an app's health URL whether it is up: 2xx within the timeout, up to a number of attempts.
 *
 * @param attempts how many tries after the service starts
 * @param interval the wait between two tries
 * @param timeout how long one try may take
 */
public record HealthProbe(int attempts, Duration interval, Duration timeout) {

	private static final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NORMAL)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * @param url the health URL
	 * @param tries how many tries at most
	 * @return {@code null} when healthy, otherwise what the last try saw
	 */
	public String problem(String url, int tries) throws InterruptedException {
		String last = "";
		for (int attempt = 1; attempt <= tries; attempt++) {
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(this.timeout).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() / 100 == 2) {
					return null;
				}
				last = "HTTP " + response.statusCode();
			}
			catch (IOException | IllegalArgumentException ex) {
				last = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
			}
			if (attempt < tries) {
				Thread.sleep(this.interval.toMillis());
			}
		}
		return last;
	}

}
