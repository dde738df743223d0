package dev.mamori.web.ui;

import dev.mamori.core.Role;
import dev.mamori.web.security.RequestActors;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DashboardController {

	@GetMapping("/")
	String dashboard(Authentication authentication, Model model) {
		model.addAttribute("username", authentication.getName());
		model.addAttribute("role", RequestActors.role(authentication).orElse(Role.VIEWER));
		return "dashboard";
	}

}
