package dev.mamori.web.api;

import dev.mamori.core.Role;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeApiController {

	@GetMapping("/api/me")
	Me me(CurrentCaller caller) {
		return new Me(caller.actor().name(), caller.role(), (caller.tokenId() != null) ? "TOKEN" : "PASSWORD",
				caller.tokenId());
	}

	/**
	 * @param username who is calling
	 * @param role the role the call acts with (a token's role may be lower than its owner's)
	 * @param authenticatedBy {@code PASSWORD} or {@code TOKEN}
	 * @param tokenId the token's id when a token was used
	 */
	record Me(String username, Role role, String authenticatedBy, Long tokenId) {
	}

}
