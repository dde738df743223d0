package dev.mamori.web.ui;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.monitor.action.ActionBusyException;
import dev.mamori.monitor.action.ActionRunView;
import dev.mamori.monitor.action.ActionService;
import dev.mamori.monitor.action.InvalidActionRequestException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Actions page (every declared action with its form, for the roles allowed to run it), the
 * same forms on each app's page, and a run's page whose output follows the command live.
 */
@Controller
class ActionPagesController {

	/** Form fields holding parameter values start with this. */
	static final String PARAMETER_PREFIX = "p.";

	private final ActionService actions;

	ActionPagesController(ActionService actions) {
		this.actions = actions;
	}

	@GetMapping("/actions")
	String actions(Model model) {
		model.addAttribute("actions", this.actions.list());
		model.addAttribute("runs", this.actions.recentRuns(20));
		return "actions/actions";
	}

	@PostMapping("/actions/{id}/run")
	String run(@PathVariable String id, @RequestParam MultiValueMap<String, String> form,
			@ModelAttribute("role") Role role, Actor actor, RedirectAttributes redirect) {
		String back = "app".equals(form.getFirst("from")) ? "redirect:/apps/" + this.actions.get(id).app() + "#actions"
				: "redirect:/actions#action-" + id;
		if (!this.actions.allowed(id, role)) {
			throw new AccessDeniedException("Action " + id + " needs the role " + this.actions.get(id).role());
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		form.forEach((name, values) -> {
			if (name.startsWith(PARAMETER_PREFIX) && !values.isEmpty()) {
				parameters.put(name.substring(PARAMETER_PREFIX.length()), values.get(0));
			}
		});
		try {
			ActionRunView run = this.actions.start(id, parameters, form.getFirst("confirmation"), actor);
			return "redirect:/action-runs/" + run.id();
		}
		catch (InvalidActionRequestException ex) {
			redirect.addFlashAttribute("actionError", ex.getMessage());
			redirect.addFlashAttribute("actionErrorId", id);
			return back;
		}
		catch (ActionBusyException ex) {
			redirect.addFlashAttribute("actionBusy", id);
			redirect.addFlashAttribute("actionBusyRun", this.actions.runningRun(id).orElse(null));
			return back;
		}
	}

	@GetMapping("/action-runs/{id}")
	String run(@PathVariable long id, Model model) {
		ActionRunView run = this.actions.run(id);
		model.addAttribute("run", run);
		model.addAttribute("action", this.actions.list().stream().filter((a) -> a.id().equals(run.actionId())).findFirst().orElse(null));
		return "actions/run";
	}

	/** The output from an offset on, for the run page (same session as the page, no API token). */
	@GetMapping("/action-runs/{id}/output")
	@ResponseBody
	ActionService.OutputChunk output(@PathVariable long id, @RequestParam(defaultValue = "0") long from) {
		return this.actions.output(id, from);
	}

}
