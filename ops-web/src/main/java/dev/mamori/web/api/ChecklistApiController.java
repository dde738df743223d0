package dev.mamori.web.api;

import java.util.List;

import dev.mamori.monitor.checklist.ChecklistRunView;
import dev.mamori.monitor.checklist.ChecklistService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The declared checklists and their runs (VIEWER reads); OPERATOR signs manual items.
 */
@RestController
class ChecklistApiController {

	private final ChecklistService checklists;

	ChecklistApiController(ChecklistService checklists) {
		this.checklists = checklists;
	}

	@GetMapping("/api/checklists")
	List<ChecklistService.ChecklistView> list() {
		return this.checklists.list();
	}

	@GetMapping("/api/checklists/{id}/runs")
	List<ChecklistRunView> runs(@PathVariable String id, @RequestParam(defaultValue = "20") int limit) {
		return this.checklists.runs(id, Math.max(1, Math.min(limit, 200)));
	}

	@GetMapping("/api/checklist-runs/{id}")
	ChecklistRunView run(@PathVariable long id) {
		return this.checklists.run(id);
	}

	@PostMapping("/api/checklist-runs/{id}/items/{item}/sign")
	ChecklistRunView sign(@PathVariable long id, @PathVariable String item, @RequestBody(required = false) SignRequest body,
			CurrentCaller caller) {
		return this.checklists.sign(id, item, (body != null) ? body.comment() : null, caller.actor());
	}

	/**
	 * @param comment what the signer says (optional, at most 2,000 characters)
	 */
	record SignRequest(String comment) {
	}

}
