package dev.mamori.web.api;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets API handlers take the {@link CurrentCaller} (actor, role, token) as a parameter.
 */
@Configuration(proxyBeanMethods = false)
class ApiMvcConfiguration implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CurrentCallerArgumentResolver());
	}

}
