package dev.mamori.web.security;

import dev.mamori.core.Actor;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a handler parameter of type {@link Actor} the caller of the request, as the audit log
 * records it, so controllers do not assemble it from the authentication and the request.
 */
public final class ActorArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Actor.class.equals(parameter.getParameterType());
	}

	@Override
	public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		return RequestActors.actor(authentication(webRequest), webRequest.getNativeRequest(HttpServletRequest.class));
	}

	/**
	 * @param webRequest the request
	 * @return its authenticated caller as a handler's {@link Authentication} parameter gets it (none for an
	 * anonymous caller)
	 */
	public static Authentication authentication(NativeWebRequest webRequest) {
		return (webRequest.getUserPrincipal() instanceof Authentication authentication) ? authentication : null;
	}

}
