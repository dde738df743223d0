package dev.mamori.web.security;

import dev.mamori.core.user.ApiTokenService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Checks bearer secrets against the stored token hashes.
 */
final class TokenAuthenticationProvider implements AuthenticationProvider {

	private final ApiTokenService tokens;

	TokenAuthenticationProvider(ApiTokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String secret = (String) authentication.getCredentials();
		return this.tokens.authenticate(secret)
			.map((principal) -> (Authentication) new TokenAuthentication(principal, authentication.getDetails()))
			.orElseThrow(() -> new BadCredentialsException("The API token is unknown, expired or revoked"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenRequest.class.isAssignableFrom(authentication);
	}

}
