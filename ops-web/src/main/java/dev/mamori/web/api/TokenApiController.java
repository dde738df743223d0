package dev.mamori.web.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.mamori.core.Role;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.CreatedToken;
import dev.mamori.core.user.TokenScope;
import dev.mamori.core.user.TokenView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own API tokens. The secret is in the creation response only.
 */
@RestController
@RequestMapping("/api/tokens")
class TokenApiController {

	private final ApiTokenService tokens;

	TokenApiController(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	@GetMapping
	List<TokenView> list(Authentication authentication) {
		return this.tokens.list(authentication.getName());
	}

	@PostMapping
	ResponseEntity<CreatedToken> create(@Valid @RequestBody CreateTokenRequest body, CurrentCaller caller) {
		CreatedToken created = this.tokens.create(caller.actor(), caller.role(), body.name(), body.role(),
				body.scope(), body.expiresAt());
		return ResponseEntity.created(URI.create("/api/tokens/" + created.token().id())).body(created);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@PathVariable long id, CurrentCaller caller) {
		this.tokens.revoke(caller.actor(), caller.role() == Role.ADMIN, id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param name a label for the token
	 * @param role its role, no higher than the caller's; the caller's role when left out
	 * @param scope {@code API} (default) or {@code METRICS}
	 * @param expiresAt when it stops working; never when left out
	 */
	record CreateTokenRequest(@NotBlank String name, Role role, TokenScope scope, Instant expiresAt) {
	}

}
