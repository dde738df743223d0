package dev.mamori.web.ui;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.CreatedToken;
import dev.mamori.core.user.InvalidUserException;
import dev.mamori.core.user.TokenNotFoundException;
import dev.mamori.core.user.UserService;
import dev.mamori.web.security.RequestActors;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My account: password, language and my API tokens. A new token's secret is shown once, on the page
 * that created it; Mamori keeps only its SHA-256.
 */
@Controller
class AccountController {

	private final ApiTokenService tokens;

	private final UserService users;

	AccountController(ApiTokenService tokens, UserService users) {
		this.tokens = tokens;
		this.users = users;
	}

	@GetMapping("/account")
	String account(Authentication authentication, Model model) {
		Role role = RequestActors.role(authentication).orElse(Role.VIEWER);
		model.addAttribute("username", authentication.getName());
		model.addAttribute("tokens", this.tokens.list(authentication.getName()));
		// A token can have at most the role of the user creating it.
		List<Role> roles = Arrays.stream(Role.values()).filter((r) -> r.compareTo(role) <= 0).toList();
		model.addAttribute("roles", roles);
		return "account/account";
	}

	@PostMapping("/account/password")
	String changePassword(@RequestParam String currentPassword, @RequestParam String newPassword,
			@RequestParam String confirmPassword, Actor actor,
			RedirectAttributes redirect) {
		if (!newPassword.equals(confirmPassword)) {
			redirect.addFlashAttribute("passwordErrorField", "confirmPassword");
			redirect.addFlashAttribute("passwordErrorKey", "password.mismatch");
			return "redirect:/account";
		}
		try {
			this.users.changeOwnPassword(actor, currentPassword, newPassword);
			redirect.addFlashAttribute("passwordChanged", true);
		}
		catch (InvalidUserException ex) {
			redirect.addFlashAttribute("passwordErrorField", ex.getField());
			redirect.addFlashAttribute("passwordError", ex.getMessage());
		}
		return "redirect:/account";
	}

	@PostMapping("/account/tokens")
	String create(@RequestParam String name, @RequestParam Role role, @RequestParam(required = false) LocalDate expires,
			Authentication authentication, HttpServletRequest request, Model model) {
		ZoneId zone = UiModelAdvice.zoneOf(request);
		try {
			CreatedToken created = this.tokens.create(RequestActors.actor(authentication, request),
					RequestActors.role(authentication).orElse(Role.VIEWER), name, role, null,
					(expires != null) ? expires.atStartOfDay(zone).toInstant() : null);
			// Rendered straight from this response, never through the session (which is stored in the
			// database): the secret exists only in this page.
			model.addAttribute("created", created);
		}
		catch (InvalidUserException ex) {
			model.addAttribute("tokenError", ex.getMessage());
		}
		return account(authentication, model);
	}

	@PostMapping("/account/tokens/{id}/revoke")
	String revoke(@PathVariable long id, Actor actor,
			RedirectAttributes redirect) {
		try {
			this.tokens.revoke(actor, false, id);
		}
		catch (TokenNotFoundException ex) {
			redirect.addFlashAttribute("tokenError", ex.getMessage());
		}
		return "redirect:/account";
	}

}
