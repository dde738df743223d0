package dev.mamori.web.security;

import java.util.Map;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Audits interactive logins (the web form) and failed bearer tokens. Password failures are audited
 * by the throttle; successful HTTP Basic and token requests are not, as every API call would
 * otherwise be a "login".
 */
@Component
class LoginAuditListener {

	private final AuditLog audit;

	LoginAuditListener(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void onLogin(InteractiveAuthenticationSuccessEvent event) {
		String username = event.getAuthentication().getName();
		this.audit.record(Actor.user(username, RequestActors.remoteAddress(event.getAuthentication())), "LOGIN",
				username, AuditOutcome.SUCCESS, Map.of("method", "form"));
	}

	@EventListener
	void onBadToken(AuthenticationFailureBadCredentialsEvent event) {
		if (event.getAuthentication() instanceof BearerTokenRequest request) {
			this.audit.record(new Actor(Actor.Type.ANONYMOUS, "anonymous", RequestActors.remoteAddress(request)),
					"TOKEN_REJECTED", String.valueOf(request.getPrincipal()), AuditOutcome.DENIED,
					Map.of("reason", "unknown, expired or revoked token"));
		}
	}

}
