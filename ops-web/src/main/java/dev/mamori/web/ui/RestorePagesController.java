package dev.mamori.web.ui;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.mamori.backup.AppRegistry;
import dev.mamori.backup.AppsProperties.App;
import dev.mamori.backup.BackupBusyException;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RestoreNotFoundException;
import dev.mamori.backup.RestorePlan;
import dev.mamori.backup.RestoreRequestException;
import dev.mamori.backup.RestoreRunView;
import dev.mamori.backup.RestoreService;
import dev.mamori.backup.RestoreStatus;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.backup.SnapshotView;
import dev.mamori.web.security.RequestActors;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The restore wizard (ADMIN): choose a snapshot (the latest good one preselected) and sources, see
 * the dry-run plan, type the app id, then follow the steps live; and the restore history with each
 * run's steps and recovery report.
 */
@Controller
class RestorePagesController {

	private final AppRegistry apps;

	private final BackupService backups;

	private final RestoreService restores;

	RestorePagesController(AppRegistry apps, BackupService backups, RestoreService restores) {
		this.apps = apps;
		this.backups = backups;
		this.restores = restores;
	}

	@GetMapping("/apps/{id}/restore")
	String wizard(@PathVariable String id, @RequestParam(required = false) Long snapshot,
			@RequestParam(required = false) List<String> sources, @RequestParam(defaultValue = "false") boolean plan,
			Model model) {
		App app = this.apps.get(id);
		List<SnapshotView> good = this.backups.snapshots(id)
			.stream()
			.filter((s) -> s.status() == SnapshotStatus.GOOD)
			.toList();
		Long chosen = (snapshot != null) ? snapshot : good.stream().findFirst().map(SnapshotView::id).orElse(null);
		List<String> chosenSources = (sources != null && !sources.isEmpty()) ? sources
				: app.sources().stream().map((s) -> s.id()).toList();
		model.addAttribute("id", id);
		model.addAttribute("app", app);
		model.addAttribute("snapshots", good);
		model.addAttribute("chosen", chosen);
		model.addAttribute("chosenSources", chosenSources);
		if (plan && chosen != null) {
			try {
				RestorePlan restorePlan = this.restores.plan(id, chosen, chosenSources);
				model.addAttribute("plan", restorePlan);
			}
			catch (RestoreRequestException ex) {
				model.addAttribute("planError", ex.getMessage());
			}
		}
		return "restore";
	}

	@PostMapping("/apps/{id}/restores")
	String restore(@PathVariable String id, @RequestParam long snapshot, @RequestParam List<String> sources,
			@RequestParam(defaultValue = "") String confirm, Authentication authentication, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			RestoreRunView run = this.restores.start(id, snapshot, sources, confirm,
					RequestActors.actor(authentication, request));
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
			Model model) {
		model.addAttribute("runs", this.restores.history((app != null && !app.isBlank()) ? app : null)
			.stream()
			.filter((run) -> status == null || run.status() == status)
			.toList());
		model.addAttribute("statuses", RestoreStatus.values());
		model.addAttribute("selectedStatus", status);
		model.addAttribute("apps", this.apps.all().keySet());
		model.addAttribute("selectedApp", app);
		return "restores";
	}

	@GetMapping("/restores/{id}")
	String run(@PathVariable long id, Model model) {
		RestoreRunView run = this.restores.run(id).orElseThrow(() -> new RestoreNotFoundException(id));
		model.addAttribute("run", run);
		model.addAttribute("reportHtml", Markdown.toHtml(this.restores.report(id)));
		return "restore-run";
	}

	@GetMapping("/restores/{id}/report.md")
	@ResponseBody
	ResponseEntity<byte[]> report(@PathVariable long id) {
		String markdown = this.restores.report(id);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"restore-" + id + ".md\"")
			.body(markdown.getBytes(StandardCharsets.UTF_8));
	}

}
