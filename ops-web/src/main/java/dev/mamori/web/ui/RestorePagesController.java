package dev.mamori.web.ui;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.BackupBusyException;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RestoreNotFoundException;
import dev.mamori.backup.RestorePlan;
import dev.mamori.backup.RestoreRequestException;
import dev.mamori.backup.RestoreRunView;
import dev.mamori.backup.RestoreService;
import dev.mamori.backup.RestoreWords;
import dev.mamori.backup.SnapshotComparison;
import dev.mamori.backup.SnapshotComparisons;
import dev.mamori.backup.SnapshotView;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.core.Actor;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The restore wizard (ADMIN): choose a snapshot (the latest restorable one preselected: good, or
 * listed by a catalog rebuild and still being verified) and sources, see the dry-run plan with a loud
 * warning when the snapshot would shrink the data sharply, type the app id, then follow the steps
 * live; and the restore history with each run's steps and recovery report in the viewer's language.
 */
@Controller
class RestorePagesController {

	private static final String SAFETY_TAG = "pre-restore";

	private final AppRegistry apps;

	private final BackupService backups;

	private final RestoreService restores;

	private final SnapshotComparisons comparisons;

	RestorePagesController(AppRegistry apps, BackupService backups, RestoreService restores,
			SnapshotComparisons comparisons) {
		this.apps = apps;
		this.backups = backups;
		this.restores = restores;
		this.comparisons = comparisons;
	}

	@GetMapping("/apps/{id}/restore")
	String wizard(@PathVariable String id, @RequestParam(required = false) Long snapshot,
			@RequestParam(required = false) List<String> sources, @RequestParam(defaultValue = "false") boolean plan,
			Model model) {
		App app = this.apps.get(id);
		List<SnapshotView> restorable = this.backups.snapshots(id).stream().filter(this.backups::restorable).toList();
		// The newest that is not a pre-restore safety copy; a safety copy only when there is nothing else.
		Long chosen = (snapshot != null) ? snapshot : restorable.stream()
			.filter((s) -> !s.tags().contains(SAFETY_TAG))
			.findFirst()
			.or(() -> restorable.stream().findFirst())
			.map(SnapshotView::id)
			.orElse(null);
		List<String> chosenSources = (sources != null && !sources.isEmpty()) ? sources
				: app.sources().stream().map((s) -> s.id()).toList();
		model.addAttribute("id", id);
		model.addAttribute("app", app);
		model.addAttribute("snapshots", restorable);
		model.addAttribute("verifying", restorable.stream()
			.map(SnapshotView::id)
			.filter(this.backups::verifying)
			.collect(Collectors.toSet()));
		model.addAttribute("chosen", chosen);
		model.addAttribute("chosenSources", chosenSources);
		if (plan && chosen != null) {
			try {
				RestorePlan restorePlan = this.restores.plan(id, chosen, chosenSources);
				model.addAttribute("plan", restorePlan);
				model.addAttribute("warnings", shrinks(id, chosen, chosenSources));
				restorable.stream()
					.filter((s) -> s.id() == chosen && s.suspicious())
					.findFirst()
					.ifPresent((s) -> model.addAttribute("suspect", s.suspect()));
			}
			catch (RestoreRequestException ex) {
				model.addAttribute("planError", ex.getMessage());
			}
		}
		return "restores/restore";
	}

	private List<SnapshotComparison.Warning> shrinks(String id, long snapshot, List<String> sources) {
		return this.comparisons.compare(id, snapshot).warningsFor(sources);
	}

	@PostMapping("/apps/{id}/restores")
	String restore(@PathVariable String id, @RequestParam long snapshot, @RequestParam List<String> sources,
			@RequestParam(defaultValue = "") String confirm, @RequestParam(defaultValue = "false") boolean understood,
			Actor actor, RedirectAttributes redirect) {
		try {
			// The tick is checked here too: a page from before the data shrank, or a hand-made
			// request, must not skip the warning.
			if (!understood && !shrinks(id, snapshot, sources).isEmpty()) {
				redirect.addFlashAttribute("restoreErrorKey", "restore.understandRequired");
				redirect.addAttribute("snapshot", snapshot);
				redirect.addAttribute("sources", sources);
				redirect.addAttribute("plan", true);
				return "redirect:/apps/" + id + "/restore";
			}
			RestoreRunView run = this.restores.start(id, snapshot, sources, confirm, actor);
			return "redirect:/restores/" + run.id();
		}
		catch (RestoreRequestException ex) {
			redirect.addFlashAttribute("restoreError", ex.getMessage());
		}
		catch (BackupBusyException ex) {
			redirect.addFlashAttribute("restoreError", ex.getMessage());
		}
		redirect.addAttribute("snapshot", snapshot);
		redirect.addAttribute("sources", sources);
		redirect.addAttribute("plan", true);
		return "redirect:/apps/" + id + "/restore";
	}

	@GetMapping("/restores")
	String history(@RequestParam(required = false) String app, @RequestParam(required = false) RestoreStatus status,
			Locale locale, Model model) {
		model.addAttribute("runs", this.restores.history((app != null && !app.isBlank()) ? app : null)
			.stream()
			.filter((run) -> status == null || run.status() == status)
			.toList());
		model.addAttribute("statuses", RestoreStatus.values());
		model.addAttribute("words", new RestoreWords(locale));
		model.addAttribute("selectedStatus", status);
		model.addAttribute("apps", this.apps.all().keySet());
		model.addAttribute("selectedApp", app);
		return "restores/restores";
	}

	@GetMapping("/restores/{id}")
	String run(@PathVariable long id, Locale locale, Model model) {
		RestoreRunView run = this.restores.run(id).orElseThrow(() -> new RestoreNotFoundException(id));
		model.addAttribute("run", run);
		model.addAttribute("words", new RestoreWords(locale));
		model.addAttribute("reportHtml",
				Markdown.toHtml(this.restores.report(id, locale, (ZoneId) model.getAttribute("zone"))));
		return "restores/run";
	}

	@GetMapping("/restores/{id}/report.md")
	@ResponseBody
	ResponseEntity<byte[]> report(@PathVariable long id, Locale locale, HttpServletRequest request) {
		String markdown = this.restores.report(id, locale, UiModelAdvice.zoneOf(request));
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"restore-" + id + ".md\"")
			.body(markdown.getBytes(StandardCharsets.UTF_8));
	}

}
