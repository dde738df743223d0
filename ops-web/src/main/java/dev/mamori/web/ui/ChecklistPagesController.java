package dev.mamori.web.ui;

import dev.mamori.core.Actor;
import dev.mamori.monitor.checklist.ChecklistService;
import dev.mamori.monitor.checklist.InvalidChecklistRequestException;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Checklists page (each checklist's current run, manual items signed with a comment by
 * OPERATOR) and a run's page with who signed what.
 */
@Controller
class ChecklistPagesController {

	private final ChecklistService checklists;

	ChecklistPagesController(ChecklistService checklists) {
		this.checklists = checklists;
	}

	@GetMapping("/checklists")
	String checklists(Model model) {
		model.addAttribute("checklists", this.checklists.list());
		return "checklists/checklists";
	}

	@GetMapping("/checklists/{id}")
	String history(@PathVariable String id, Model model) {
		model.addAttribute("runs", this.checklists.runs(id, 50));
		model.addAttribute("checklistId", id);
		return "checklists/history";
	}

	@GetMapping("/checklist-runs/{id}")
	String run(@PathVariable long id, Model model) {
		model.addAttribute("run", this.checklists.run(id));
		return "checklists/run";
	}

	@PostMapping("/checklist-runs/{id}/items/{item}/sign")
	String sign(@PathVariable long id, @PathVariable String item, @RequestParam(required = false) String comment,
			@RequestParam(required = false) String from, Actor actor, RedirectAttributes redirect) {
		try {
			this.checklists.sign(id, item, comment, actor);
		}
		catch (InvalidChecklistRequestException ex) {
			redirect.addFlashAttribute("signError", ex.getMessage());
		}
		return "checklists".equals(from) ? "redirect:/checklists" : "redirect:/checklist-runs/" + id;
	}

}
