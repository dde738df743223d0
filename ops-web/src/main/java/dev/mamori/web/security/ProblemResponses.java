package dev.mamori.web.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 9457 answers for the API when security says no: 401 with the accepted schemes, 429 while a
 * username is locked, 403 for a role too low. Written here because these refusals happen before
 * any controller runs.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	ProblemResponses(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof ThrottledAuthenticationProvider.LoginLockedException locked) {
			long seconds = Math.max(1, Duration.between(this.clock.instant(), locked.getLockedUntil()).toSeconds());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
					"Logins for this user are refused for " + seconds + " more seconds after repeated failures.");
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Mamori\", Bearer realm=\"Mamori\"");
		String detail = (ex.getMessage() != null && request.getHeader(HttpHeaders.AUTHORIZATION) != null)
				? ex.getMessage() : "Send HTTP Basic credentials or an 'Authorization: Bearer <token>' header.";
		write(request, response, HttpStatus.UNAUTHORIZED, "Authentication required", detail);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
				"Your role does not allow " + request.getMethod() + " " + request.getRequestURI() + ".");
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String title, String detail) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status.value());
		body.put("detail", detail);
		body.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), body);
	}

}
