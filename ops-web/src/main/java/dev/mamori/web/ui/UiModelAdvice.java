package dev.mamori.web.ui;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;

import dev.mamori.core.Role;
import dev.mamori.web.security.RequestActors;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page needs: the viewer's time zone (the browser reports it in the {@value #ZONE_COOKIE}
 * cookie; until it has, the server's) and role.
 */
@ControllerAdvice(basePackageClasses = UiModelAdvice.class)
class UiModelAdvice {

	static final String ZONE_COOKIE = "mamori-tz";

	@ModelAttribute("zone")
	ZoneId zone(HttpServletRequest request) {
		return zoneOf(request);
	}

	@ModelAttribute("role")
	Role role(Authentication authentication) {
		return (authentication != null) ? RequestActors.role(authentication).orElse(Role.VIEWER) : Role.VIEWER;
	}

	static ZoneId zoneOf(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (ZONE_COOKIE.equals(cookie.getName()) && cookie.getValue() != null && cookie.getValue().length() < 64) {
					try {
						return ZoneId.of(URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8));
					}
					catch (DateTimeException | IllegalArgumentException ex) {
						// A zone this JVM does not know: fall back to the server's.
					}
				}
			}
		}
		return ZoneId.systemDefault();
	}

}
