package dev.mamori.web.api;

import java.time.ZonedDateTime;
import java.util.List;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.retention.Retention;
import dev.mamori.backup.source.Source;
import dev.mamori.core.Cron;
import dev.mamori.core.Secrets;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The declared apps, read-only: they come from the configuration file. Secrets are masked.
 */
@RestController
class AppApiController {

	private final AppRegistry apps;

	private final BackupService backups;

	AppApiController(AppRegistry apps, BackupService backups) {
		this.apps = apps;
		this.backups = backups;
	}

	@GetMapping("/api/apps")
	List<AppSummary> list() {
		return this.apps.all().entrySet().stream().map((e) -> summary(e.getKey(), e.getValue())).toList();
	}

	@GetMapping("/api/apps/{app}")
	AppDetail get(@PathVariable String app) {
		App declared = this.apps.get(app);
		AppsProperties.Plan plan = declared.backup();
		List<SourceView> sources = declared.sources().stream().map(AppApiController::source).toList();
		List<BackupRunView> runs = this.backups.runs(app);
		return new AppDetail(summary(app, declared), declared.healthUrl(), sources, plan.destination().toString(),
				plan.destinationMarker(), plan.verify(), plan.retention(),
				(declared.service() != null) ? declared.service() : new AppsProperties.Service(null, null),
				runs.isEmpty() ? null : runs.get(0));
	}

	private AppSummary summary(String id, App app) {
		String schedule = app.backup().schedule();
		ZonedDateTime next = Cron.nextFromNow(schedule);
		SnapshotView lastGood = this.backups.lastGood(id).orElse(null);
		return new AppSummary(id, app.displayName(id), schedule, next, lastGood);
	}

	static SourceView source(Source source) {
		return new SourceView(source.id(), source.type().name().toLowerCase(),
				(source.path() != null) ? source.path().toString() : null, source.maskedUrl(), source.username(),
				Secrets.mask(source.password()), source.include(), source.exclude());
	}

	/**
	 * @param id app id
	 * @param name display name
	 * @param schedule cron expression
	 * @param nextRun the next scheduled backup
	 * @param lastGoodSnapshot the newest verified snapshot
	 */
	record AppSummary(String id, String name, String schedule, ZonedDateTime nextRun, SnapshotView lastGoodSnapshot) {
	}

	/**
	 * @param app the summary
	 * @param healthUrl the app's health URL
	 * @param sources its sources, secrets masked
	 * @param destination where archives go
	 * @param destinationMarker the expected marker
	 * @param verify whether archives are verified after writing
	 * @param retention which snapshots are kept
	 * @param service stop/start command ids
	 * @param lastRun the newest backup run
	 */
	record AppDetail(AppSummary app, String healthUrl, List<SourceView> sources, String destination,
			String destinationMarker, boolean verify, Retention retention,
			AppsProperties.Service service, BackupRunView lastRun) {
	}

	/**
	 * @param id source id
	 * @param type source type
	 * @param path file or directory
	 * @param url JDBC URL with any password masked
	 * @param username database user
	 * @param password {@value Secrets#MASK} when one is set
	 * @param include include globs
	 * @param exclude exclude globs
	 */
	record SourceView(String id, String type, String path, String url, String username, String password,
			List<String> include, List<String> exclude) {
	}


}
