package dev.mamori.web.ui;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.BackupBusyException;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.OffsiteArchives;
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
 * live. A snapshot that exists only off-site (its local archive pruned by retention or lost) is listed
 * too, and the archive can be read from the local destination or any target holding a good copy of it
 * (downloaded into staging and verified first); and the restore history with each run's steps and recovery report in the viewer's language.
 */
@Controller
class RestorePagesController {

	private static final String SAFETY_TAG = "pre-restore";

	private final AppRegistry apps;

	private final BackupService backups;

	private final RestoreService restores;

	private final SnapshotComparisons comparisons;

	private final OffsiteArchives copies;

	RestorePagesController(AppRegistry apps, BackupService backups, RestoreService restores,
			SnapshotComparisons comparisons, OffsiteArchives copies) {
		this.apps = apps;
		this.copies = copies;
		this.backups = backups;
		this.restores = restores;
		this.comparisons = comparisons;
	}

	@GetMapping("/apps/{id}/restore")
	String wizard(@PathVariable String id, @RequestParam(required = false) String snapshot,
			@RequestParam(required = false) List<String> sources, @RequestParam(required = false) String from,
			@RequestParam(defaultValue = "false") boolean plan, Model model) {
		App app = this.apps.get(id);
		List<SnapshotView> local = this.backups.snapshots(id);
		List<SnapshotView> restorable = local.stream().filter(this.backups::restorable).toList();
		// Snapshots whose only good copies are on targets (the local archive pruned by retention or lost).
		Set<String> localNames = local.stream().map(SnapshotView::name).collect(Collectors.toSet());
		Map<String, List<OffsiteArchives.Held>> held = this.copies.held(id).stream()
			.collect(Collectors.groupingBy(OffsiteArchives.Held::snapshotName, LinkedHashMap::new, Collectors.toList()));
		List<OffsiteOnly> offsiteOnly = held.entrySet().stream()
			.filter((e) -> !localNames.contains(e.getKey()))
			.map((e) -> new OffsiteOnly(e.getKey(), e.getValue().get(0).createdAt(), e.getValue().get(0).tags(),
					e.getValue().stream().map(OffsiteArchives.Held::target).toList()))
			.toList();
		Long chosenId = null;
		String chosenName = null;
		if (snapshot != null && !snapshot.isBlank()) {
			if (snapshot.chars().allMatch(Character::isDigit)) {
				chosenId = Long.valueOf(snapshot);
			}
			else {
				chosenName = snapshot;
			}
		}
		else {
			// The newest that is not a pre-restore safety copy; a safety copy only when there is nothing
			// else; when nothing is on the drive, the newest that is off-site.
			chosenId = restorable.stream()
				.filter((s) -> !s.tags().contains(SAFETY_TAG))
				.findFirst()
				.or(() -> restorable.stream().findFirst())
				.map(SnapshotView::id)
				.orElse(null);
			if (chosenId == null && !offsiteOnly.isEmpty()) {
				chosenName = offsiteOnly.get(0).name();
			}
		}
		String chosenSnapshotName = (chosenName != null) ? chosenName : nameOf(local, chosenId);
		String chosen = (chosenId != null) ? String.valueOf(chosenId) : chosenName;
		List<String> chosenSources = (sources != null && !sources.isEmpty()) ? sources
				: app.sources().stream().map((s) -> s.id()).toList();
		model.addAttribute("id", id);
		model.addAttribute("app", app);
		model.addAttribute("snapshots", restorable);
		model.addAttribute("verifying", restorable.stream()
			.map(SnapshotView::id)
			.filter(this.backups::verifying)
			.collect(Collectors.toSet()));
		model.addAttribute("offsiteOnly", offsiteOnly);
		// Where each snapshot has a good copy, for the location choice.
		Map<String, List<String>> heldBy = new LinkedHashMap<>();
		held.forEach((name, copies) -> heldBy.put(name, copies.stream().map(OffsiteArchives.Held::target).toList()));
		model.addAttribute("heldBy", heldBy);
		model.addAttribute("targets", app.backup().copies().stream().map((c) -> c.target()).toList());
		model.addAttribute("chosen", chosen);
		model.addAttribute("chosenId", chosenId);
		model.addAttribute("chosenName", chosenName);
		model.addAttribute("chosenTargets", heldBy.getOrDefault(chosenSnapshotName, List.of()));
		model.addAttribute("chosenLocal", chosenId != null);
		model.addAttribute("from", (from != null) ? from : "");
		model.addAttribute("chosenSources", chosenSources);
		if (plan && chosen != null) {
			try {
				RestorePlan restorePlan = this.restores.plan(id, chosenId, chosenName, blankToNull(from), chosenSources);
				model.addAttribute("plan", restorePlan);
				model.addAttribute("warnings", shrinks(id, restorePlan.snapshot(), chosenSources));
				if (restorePlan.snapshot().suspicious()) {
					model.addAttribute("suspect", restorePlan.snapshot().suspect());
				}
			}
			catch (RestoreRequestException ex) {
				model.addAttribute("planError", ex.getMessage());
			}
		}
		return "restores/restore";
	}

	private List<SnapshotComparison.Warning> shrinks(String id, SnapshotView snapshot, List<String> sources) {
		return this.comparisons.compare(id, snapshot).warningsFor(sources);
	}

	private static String nameOf(List<SnapshotView> snapshots, Long id) {
		return (id == null) ? null
				: snapshots.stream().filter((s) -> s.id() == id).map(SnapshotView::name).findFirst().orElse(null);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	@PostMapping("/apps/{id}/restores")
	String restore(@PathVariable String id, @RequestParam String snapshot, @RequestParam List<String> sources,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String confirm,
			@RequestParam(defaultValue = "false") boolean understood, Actor actor, RedirectAttributes redirect) {
		// A catalog id, or (for a snapshot that is only off-site) the archive's name.
		boolean byId = !snapshot.isBlank() && snapshot.chars().allMatch(Character::isDigit);
		Long snapshotId = byId ? Long.valueOf(snapshot) : null;
		String snapshotName = byId ? null : snapshot;
		try {
			// The tick is checked here too: a page from before the data shrank, or a hand-made
			// request, must not skip the warning.
			RestorePlan plan = this.restores.plan(id, snapshotId, snapshotName, blankToNull(from), sources);
			if (!understood && !shrinks(id, plan.snapshot(), sources).isEmpty()) {
				redirect.addFlashAttribute("restoreErrorKey", "restore.understandRequired");
				redirect.addAttribute("snapshot", snapshot);
				redirect.addAttribute("sources", sources);
				redirect.addAttribute("from", from);
				redirect.addAttribute("plan", true);
				return "redirect:/apps/" + id + "/restore";
			}
			RestoreRunView run = this.restores.start(id, snapshotId, snapshotName, blankToNull(from), sources, confirm,
					actor);
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
		redirect.addAttribute("from", from);
		redirect.addAttribute("plan", true);
		return "redirect:/apps/" + id + "/restore";
	}

	/**
	 * A snapshot whose only good copies are on targets.
	 * @param name the archive's name
	 * @param createdAt when the backup was taken
	 * @param tags its labels
	 * @param targets the targets holding a good copy
	 */
	record OffsiteOnly(String name, java.time.Instant createdAt, List<String> tags, List<String> targets) {
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
