package dev.mamori.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.offsite.CopySummary;
import dev.mamori.backup.offsite.CopyWatch;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code offsiteCopies} health contributor: {@code STALE} while the newest good copy of an app on
 * one of its targets is older than the copy's {@code max-age}, naming each (app/target, the newest
 * copy's backup time, the limit). {@code STALE} is not part of the overall status, liveness or
 * readiness: an old copy must not make Mamori restart or leave a load balancer; an external monitor
 * reads {@code /actuator/health/offsiteCopies} and expects {@code UP}.
 */
@Component("offsiteCopies")
class OffsiteCopiesHealthIndicator extends AbstractHealthIndicator {

	/** An off-site copy is older than its max-age. */
	static final Status STALE = new Status("STALE", "an off-site copy is older than its max-age");

	private final AppRegistry apps;

	private final CopyWatch watch;

	OffsiteCopiesHealthIndicator(AppRegistry apps, CopyWatch watch) {
		super("Off-site copies health check failed");
		this.apps = apps;
		this.watch = watch;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Map<String, String>> stale = new LinkedHashMap<>();
		for (String appId : this.apps.all().keySet()) {
			for (CopySummary.Place place : this.watch.summary(appId).places()) {
				if (place.stale()) {
					Map<String, String> detail = new LinkedHashMap<>();
					detail.put("newest", (place.newest() != null) ? place.newest().toString() : "none");
					detail.put("maxAge", place.maxAge().toString());
					stale.put(appId + "/" + place.where(), detail);
				}
			}
		}
		(stale.isEmpty() ? builder.up() : builder.status(STALE)).withDetail("stale", stale);
	}

}
