package dev.mamori.web.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer secret taken from a request, not yet checked.
 */
final class BearerTokenRequest extends AbstractAuthenticationToken {

	private final String secret;

	BearerTokenRequest(String secret, Object details) {
		super(List.of());
		this.secret = secret;
		setDetails(details);
	}

	@Override
	public Object getCredentials() {
		return this.secret;
	}

	@Override
	public Object getPrincipal() {
		// Enough of the secret to recognise it in the audit log, not enough to use it.
		return (this.secret.length() > 10) ? this.secret.substring(0, 10) + "…" : "token";
	}

}
