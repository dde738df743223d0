package dev.mamori.web.ui;

import java.util.ArrayList;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.InvalidUserException;
import dev.mamori.core.user.TokenNotFoundException;
import dev.mamori.core.user.TokenView;
import dev.mamori.core.user.UserConflictException;
import dev.mamori.core.user.UserNotFoundException;
import dev.mamori.core.user.UserService;
import dev.mamori.core.user.UserView;
import dev.mamori.monitor.MonitorConflictException;
import dev.mamori.monitor.MonitorService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration (ADMIN, enforced by the UI filter chain): users (create, role, reset password,
 * enable/disable), every user's API tokens with revoke, a test notification, and the effective
 * configuration with secrets masked.
 */
@Controller
class AdminController {

	private final UserService users;

	private final ApiTokenService tokens;

	private final MonitorService monitors;

	private final EffectiveConfiguration configuration;

	AdminController(UserService users, ApiTokenService tokens, MonitorService monitors,
			EffectiveConfiguration configuration) {
		this.users = users;
		this.tokens = tokens;
		this.monitors = monitors;
		this.configuration = configuration;
	}

	@GetMapping("/admin")
	String admin(Model model) {
		List<UserView> all = this.users.list();
		List<OwnedToken> owned = new ArrayList<>();
		for (UserView user : all) {
			for (TokenView token : this.tokens.list(user.username())) {
				if ("ACTIVE".equals(token.status())) {
					owned.add(new OwnedToken(user.username(), token));
				}
			}
		}
		model.addAttribute("users", all);
		model.addAttribute("tokens", owned);
		model.addAttribute("roles", Role.values());
		model.addAttribute("notifications", this.monitors.notifications(10));
		if (!model.containsAttribute("newUsername")) {
			model.addAttribute("newUsername", "");
		}
		return "admin/admin";
	}

	@PostMapping("/admin/users")
	String create(@RequestParam String username, @RequestParam String password, @RequestParam Role role,
			Actor actor, RedirectAttributes redirect) {
		try {
			this.users.create(actor, username.strip(), password, role);
			redirect.addFlashAttribute("notice", "user.created");
			redirect.addFlashAttribute("noticeArg", username.strip());
		}
		catch (InvalidUserException ex) {
			redirect.addFlashAttribute("userError", ex.getMessage());
			redirect.addFlashAttribute("errorField", ex.getField());
			redirect.addFlashAttribute("newUsername", username);
		}
		catch (UserConflictException ex) {
			redirect.addFlashAttribute("userError", ex.getMessage());
			redirect.addFlashAttribute("errorField", "username");
			redirect.addFlashAttribute("newUsername", username);
		}
		return "redirect:/admin";
	}

	@PostMapping("/admin/users/{username}/role")
	String role(@PathVariable String username, @RequestParam Role role, Actor actor, RedirectAttributes redirect) {
		return change(username, redirect, () -> this.users.update(actor, username,
				role, null, null), "user.roleChanged");
	}

	@PostMapping("/admin/users/{username}/enabled")
	String enabled(@PathVariable String username, @RequestParam boolean enabled, Actor actor, RedirectAttributes redirect) {
		return change(username, redirect, () -> this.users.update(actor, username,
				null, null, enabled), enabled ? "user.enabledNotice" : "user.disabledNotice");
	}

	@PostMapping("/admin/users/{username}/password")
	String password(@PathVariable String username, @RequestParam String password, Actor actor, RedirectAttributes redirect) {
		return change(username, redirect, () -> this.users.update(actor, username,
				null, password, null), "user.passwordReset");
	}

	@PostMapping("/admin/tokens/{id}/revoke")
	String revoke(@PathVariable long id, Actor actor,
			RedirectAttributes redirect) {
		try {
			this.tokens.revoke(actor, true, id);
			redirect.addFlashAttribute("notice", "token.revoked");
		}
		catch (TokenNotFoundException ex) {
			redirect.addFlashAttribute("adminError", ex.getMessage());
		}
		return "redirect:/admin";
	}

	@PostMapping("/admin/notifications/test")
	String testNotification(Actor actor, RedirectAttributes redirect) {
		try {
			List<Long> sent = this.monitors.sendTestNotification(actor);
			redirect.addFlashAttribute("notice", "notify.sent");
			redirect.addFlashAttribute("noticeArg", sent.size());
		}
		catch (MonitorConflictException ex) {
			redirect.addFlashAttribute("adminError", ex.getMessage());
		}
		return "redirect:/admin";
	}

	@GetMapping("/admin/config")
	String configuration(Model model) {
		model.addAttribute("entries", this.configuration.entries());
		return "admin/config";
	}

	private String change(String username, RedirectAttributes redirect, Runnable action, String notice) {
		try {
			action.run();
			redirect.addFlashAttribute("notice", notice);
			redirect.addFlashAttribute("noticeArg", username);
		}
		catch (InvalidUserException | UserConflictException | UserNotFoundException ex) {
			redirect.addFlashAttribute("adminError", username + ": " + ex.getMessage());
		}
		return "redirect:/admin";
	}

	/**
	 * @param owner the user the token belongs to
	 * @param token the token
	 */
	record OwnedToken(String owner, TokenView token) {
	}

}
