package dev.mamori.web.ui;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;

import dev.mamori.backup.DrillBusyException;
import dev.mamori.backup.DrillRequestException;
import dev.mamori.backup.DrillRunView;
import dev.mamori.backup.DrillService;
import dev.mamori.backup.RestoreWords;
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
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Restore drills in the UI: "Start a drill" on the app page (OPERATOR), and each drill's page with its
 * steps and its report {@code DRL-YYYY-NNN} in the viewer's language, refreshed while it runs.
 */
@Controller
class DrillPagesController {

	private final DrillService drills;

	DrillPagesController(DrillService drills) {
		this.drills = drills;
	}

	@PostMapping("/apps/{id}/drills")
	String start(@PathVariable String id, Actor actor, RedirectAttributes redirect) {
		try {
			DrillRunView run = this.drills.start(id, null, actor);
			return "redirect:/drills/" + run.id();
		}
		catch (DrillBusyException ex) {
			redirect.addFlashAttribute("drillBusy", true);
		}
		catch (DrillRequestException ex) {
			redirect.addFlashAttribute("drillNoSnapshot", true);
		}
		return "redirect:/apps/" + id;
	}

	@GetMapping("/drills/{id}")
	String run(@PathVariable long id, Locale locale, Model model) {
		DrillRunView run = this.drills.run(id);
		model.addAttribute("run", run);
		model.addAttribute("words", new RestoreWords(locale));
		model.addAttribute("reportHtml", Markdown.toHtml(this.drills.report(id, locale, (ZoneId) model.getAttribute("zone"))));
		return "drills/run";
	}

	@GetMapping("/drills/{id}/report.md")
	@ResponseBody
	ResponseEntity<byte[]> report(@PathVariable long id, Locale locale, HttpServletRequest request) {
		String markdown = this.drills.report(id, locale, UiModelAdvice.zoneOf(request));
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"drill-" + id + ".md\"")
			.body(markdown.getBytes(StandardCharsets.UTF_8));
	}

}
