package dev.mamori.web.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.BackupBusyException;
import dev.mamori.backup.BackupFreshness;
import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.DrillWatch;
import dev.mamori.backup.RecoveryStatus;
import dev.mamori.backup.SnapshotNotFoundException;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.offsite.CopyService;
import dev.mamori.backup.offsite.CopyState;
import dev.mamori.backup.offsite.CopySummary;
import dev.mamori.backup.offsite.CopyView;
import dev.mamori.backup.offsite.CopyWatch;
import dev.mamori.backup.retention.RetentionPolicy;
import dev.mamori.core.Actor;
import dev.mamori.core.Cron;
import dev.mamori.monitor.AppStatus;
import dev.mamori.monitor.IncidentView;
import dev.mamori.monitor.MonitorService;
import dev.mamori.monitor.MonitorState;
import dev.mamori.monitor.MonitorView;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard (one card per app, a red/amber/green summary, refreshed in place) and each app's
 * page: sources, schedule, where the restore points live (the drive and each target, "3 copies, 1
 * off-site, newest off-site 5 h old", a target behind its max-age flagged), snapshots with their
 * locations and those only off-site, and "Back up now" with live progress for OPERATOR.
 */
@Controller
class AppPagesController {

	private final AppRegistry apps;

	private final BackupService backups;

	private final MonitorService monitors;

	private final Clock clock;

	private final DrillService drills;

	private final DrillWatch watch;

	private final CopyWatch copyWatch;

	private final CopyService copies;

	AppPagesController(AppRegistry apps, BackupService backups, MonitorService monitors, Clock clock, DrillService drills,
			DrillWatch watch, CopyWatch copyWatch, CopyService copies) {
		this.copyWatch = copyWatch;
		this.copies = copies;
		this.apps = apps;
		this.backups = backups;
		this.monitors = monitors;
		this.clock = clock;
		this.drills = drills;
		this.watch = watch;
	}

	@GetMapping("/")
	String dashboard(Authentication authentication, Model model) {
		dashboardModel(authentication, model);
		return "apps/dashboard";
	}

	/** The cards alone, for the page's periodic refresh. */
	@GetMapping("/fragments/apps")
	String cards(Authentication authentication, Model model) {
		dashboardModel(authentication, model);
		return "apps/dashboard :: cards";
	}

	private void dashboardModel(Authentication authentication, Model model) {
		List<MonitorView> allMonitors = this.monitors.list(false);
		List<IncidentView> open = this.monitors.incidents(true, null);
		List<AppCard> cards = new ArrayList<>();
		ZoneId zone = (ZoneId) model.getAttribute("zone");
		for (Map.Entry<String, App> entry : this.apps.all().entrySet()) {
			cards.add(card(entry.getKey(), entry.getValue(), allMonitors, open, zone));
		}
		String summary = AppStatus.summary(cards.stream().map((c) -> AppStatus.valueOf(c.color().toUpperCase(java.util.Locale.ROOT))).toList()).color();
		model.addAttribute("username", authentication.getName());
		model.addAttribute("cards", cards);
		model.addAttribute("summary", summary);
		model.addAttribute("openIncidents", open.size());
		model.addAttribute("monitorsDown",
				allMonitors.stream().filter((m) -> m.state() == MonitorState.DOWN).count());
	}

	private AppCard card(String id, App app, List<MonitorView> allMonitors, List<IncidentView> open, ZoneId zone) {
		List<MonitorView> own = allMonitors.stream().filter((m) -> id.equals(m.app())).toList();
		// Good, or listed by a catalog rebuild and restorable while its verification is pending.
		BackupFreshness freshness = this.backups.freshness(id);
		SnapshotView lastGood = freshness.lastRestorable();
		ZonedDateTime lastGoodAt = (lastGood != null) ? lastGood.createdAt().atZone(zone) : null;
		Age age = (lastGood != null) ? Age.of(Duration.between(lastGood.createdAt(), this.clock.instant())) : null;
		String schedule = app.backup().schedule();
		// The schedule runs in the server's zone; the viewer sees the time in theirs.
		ZonedDateTime next = Cron.nextFromNow(schedule);
		next = (next != null) ? next.withZoneSameInstant(zone) : null;
		long incidents = open.stream().filter((i) -> id.equals(i.appId())).count();
		AppStatus status = AppStatus.of(own, incidents, freshness.everBackedUp(), freshness.lastRunFailed(),
				freshness.stale());
		RecoveryStatus recovery = this.watch.status(id);
		Age proven = (recovery.lastPassed() != null && recovery.lastPassed().finishedAt() != null)
				? Age.of(Duration.between(recovery.lastPassed().finishedAt(), this.clock.instant())) : null;
		CopySummary copySummary = this.copyWatch.summary(id);
		// An off-site copy older than its max-age needs attention, like a stale local backup.
		String color = (copySummary.stale() && "green".equals(status.color())) ? "amber" : status.color();
		return new AppCard(id, app.displayName(id), status.health(own).name(), color, lastGood, lastGoodAt,
				age, (lastGood != null) && this.backups.verifying(lastGood.id()), next, incidents,
				freeSpace(app.backup().destination()), own.size(), recovery, proven, copySummary,
				copyAge(copySummary));
	}

	private Age copyAge(CopySummary summary) {
		return (summary.newestOffsite() != null) ? Age.of(Duration.between(summary.newestOffsite(), this.clock.instant()))
				: null;
	}

	private static Long freeSpace(Path destination) {
		try {
			return Files.getFileStore(destination).getUsableSpace();
		}
		catch (java.io.IOException ex) {
			// Not mounted or not there: the card says so.
			return null;
		}
	}

	@GetMapping("/apps/{id}")
	String app(@PathVariable String id, Model model) {
		App app = this.apps.get(id);
		model.addAttribute("id", id);
		model.addAttribute("app", app);
		model.addAttribute("sources", app.sources()
			.stream()
			.map((source) -> new SourceRow(source.id(), source.type().name().toLowerCase(java.util.Locale.ROOT),
					source.location()))
			.toList());
		List<SnapshotView> snapshots = this.backups.snapshots(id);
		model.addAttribute("snapshots", snapshots);
		Map<Long, RetentionPolicy.Decision> retention = new HashMap<>();
		this.backups.retentionPreview(id).forEach((d) -> retention.put(d.snapshot().id(), d));
		model.addAttribute("retention", retention);
		Set<Long> verifying = new HashSet<>();
		snapshots.stream().filter((s) -> this.backups.verifying(s.id())).forEach((s) -> verifying.add(s.id()));
		model.addAttribute("verifying", verifying);
		model.addAttribute("lastBackup", this.backups.lastRestorable(id).orElse(null));
		model.addAttribute("runs", this.backups.runs(id).stream().limit(10).toList());
		model.addAttribute("monitors", this.monitors.list(false).stream().filter((m) -> id.equals(m.app())).toList());
		String schedule = app.backup().schedule();
		model.addAttribute("nextRun", Cron.nextFromNow(schedule));
		RecoveryStatus recovery = this.watch.status(id);
		model.addAttribute("recovery", recovery);
		model.addAttribute("proven", (recovery.lastPassed() != null && recovery.lastPassed().finishedAt() != null)
				? Age.of(Duration.between(recovery.lastPassed().finishedAt(), this.clock.instant())) : null);
		CopySummary copySummary = this.copyWatch.summary(id);
		model.addAttribute("copySummary", copySummary);
		model.addAttribute("copyAge", copyAge(copySummary));
		Map<String, Age> placeAges = new HashMap<>();
		copySummary.places().stream().filter((p) -> p.newest() != null)
			.forEach((p) -> placeAges.put(p.where(), Age.of(Duration.between(p.newest(), this.clock.instant()))));
		model.addAttribute("placeAges", placeAges);
		// Where each snapshot lives besides the drive, and the snapshots that are only off-site now.
		Map<String, List<CopyView>> copiesByName = new LinkedHashMap<>();
		this.copies.copies(id).stream()
			.filter((c) -> c.state() != CopyState.DELETED)
			.forEach((c) -> copiesByName.computeIfAbsent(c.snapshotName(), (k) -> new ArrayList<>()).add(c));
		model.addAttribute("copiesByName", copiesByName);
		Set<String> localNames = new HashSet<>();
		snapshots.forEach((s) -> localNames.add(s.name()));
		model.addAttribute("offsiteOnly", copiesByName.entrySet().stream()
			.filter((e) -> !localNames.contains(e.getKey()))
			.filter((e) -> e.getValue().stream().anyMatch((c) -> c.state() == CopyState.GOOD))
			.map(Map.Entry::getValue)
			.toList());
		Set<String> onDrive = new HashSet<>();
		snapshots.stream().filter((s) -> Files.isRegularFile(s.archive())).forEach((s) -> onDrive.add(s.name()));
		model.addAttribute("onDrive", onDrive);
		List<DrillRunView> drillHistory = this.drills.history(id);
		model.addAttribute("drills", drillHistory.stream().limit(10).toList());
		model.addAttribute("chart", HistoryChart.of(snapshots, drillHistory));
		return "apps/app";
	}

	@PostMapping("/apps/{id}/backups")
	String backUpNow(@PathVariable String id, Actor actor,
			RedirectAttributes redirect) {
		try {
			BackupRunView run = this.backups.start(id, "MANUAL", actor);
			redirect.addAttribute("run", run.id());
		}
		catch (BackupBusyException ex) {
			redirect.addFlashAttribute("busy", true);
		}
		return "redirect:/apps/" + id;
	}

	@PostMapping("/apps/{id}/snapshots/{snapshot}/verify")
	String verify(@PathVariable String id, @PathVariable long snapshot, Actor actor, RedirectAttributes redirect) {
		SnapshotView view = this.backups.snapshot(snapshot);
		if (!view.appId().equals(id)) {
			throw new SnapshotNotFoundException("with id " + snapshot + " in app " + id);
		}
		this.backups.verifyInBackground(snapshot, actor);
		return "redirect:/apps/" + id;
	}

	/** Progress of a run for the page's polling (same session as the page, no API token). */
	@GetMapping("/apps/{id}/runs/{run}")
	@ResponseBody
	ResponseEntity<RunProgress> progress(@PathVariable String id, @PathVariable long run) {
		return this.backups.run(run)
			.filter((r) -> r.appId().equals(id))
			.map((r) -> ResponseEntity.ok(new RunProgress(r.id(), r.status().name(), r.bytesDone(), r.bytesExpected(),
					r.startedAt().toEpochMilli(), r.error())))
			.orElse(ResponseEntity.notFound().build());
	}

	/**
	 * A source as the page shows it: never its password.
	 * @param id source id
	 * @param type sqlite, postgres, directory or file
	 * @param location path, or JDBC URL with any password masked
	 */
	record SourceRow(String id, String type, String location) {
	}

	/**
	 * @param id run id
	 * @param status RUNNING, SUCCEEDED or FAILED
	 * @param bytesDone bytes written so far
	 * @param bytesExpected bytes expected in all
	 * @param startedAt epoch millis, for the ETA
	 * @param error why it failed
	 */
	record RunProgress(long id, String status, long bytesDone, long bytesExpected, long startedAt, String error) {
	}

}
