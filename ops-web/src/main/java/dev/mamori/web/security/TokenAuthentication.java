package dev.mamori.web.security;

import java.util.List;

import dev.mamori.core.user.TokenPrincipal;
import dev.mamori.core.user.TokenScope;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API token. An {@code API} token carries its effective role; a
 * {@code METRICS} token carries only {@code SCOPE_METRICS}.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

	/** The authority of tokens that may only scrape metrics. */
	public static final String METRICS_AUTHORITY = "SCOPE_METRICS";

	private final TokenPrincipal principal;

	TokenAuthentication(TokenPrincipal principal, Object details) {
		super(authorities(principal));
		this.principal = principal;
		setDetails(details);
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(TokenPrincipal principal) {
		return (principal.scope() == TokenScope.METRICS) ? List.of(new SimpleGrantedAuthority(METRICS_AUTHORITY))
				: List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().name()));
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public TokenPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal.username();
	}

}
