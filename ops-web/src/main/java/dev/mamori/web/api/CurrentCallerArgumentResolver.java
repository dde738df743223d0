package dev.mamori.web.api;

import dev.mamori.web.security.ActorArgumentResolver;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives an API handler parameter of type {@link CurrentCaller} the caller with its role and token,
 * for handlers that need more than the {@link dev.mamori.core.Actor}.
 */
class CurrentCallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return CurrentCaller.class.equals(parameter.getParameterType());
	}

	@Override
	public CurrentCaller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		return CurrentCaller.of(ActorArgumentResolver.authentication(webRequest),
				webRequest.getNativeRequest(HttpServletRequest.class));
	}

}
