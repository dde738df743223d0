package dev.mamori.web.security;

import java.time.Clock;

import dev.mamori.core.user.ApiTokenService;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The OpenAPI document at {@code /v3/api-docs} is read by two kinds of callers: scripts and client
 * generators (HTTP Basic or a bearer token, like the API) and the Swagger UI page in a logged-in
 * browser (the UI session). This chain accepts all three, never creates a session, answers read
 * requests only (so the session cookie cannot be abused across sites), and refuses anonymous callers
 * with a 401 problem. The Swagger UI page itself stays behind the UI chain's login.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiDocsSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain apiDocsSecurityFilterChain(HttpSecurity http, AuthenticationManager authenticationManager,
			ApiTokenService tokens, ApplicationEventPublisher events, Clock clock) throws Exception {
		ProblemResponses problems = new ProblemResponses(clock);
		ProviderManager tokenManager = new ProviderManager(new TokenAuthenticationProvider(tokens));
		tokenManager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
		WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();
		AuthenticationFilter bearer = new AuthenticationFilter(tokenManager,
				(request) -> SecurityConfiguration.bearerSecret(request, details));
		bearer.setSuccessHandler((request, response, authentication) -> {
		});
		bearer.setFailureHandler(problems::commence);
		http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
			.authenticationManager(authenticationManager)
			// Only GET is allowed below, and GET changes nothing.
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems).realmName("Mamori"))
			.addFilterBefore(bearer, BasicAuthenticationFilter.class)
			.exceptionHandling((ex) -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/**")
				.hasRole("VIEWER")
				.anyRequest()
				.denyAll());
		return http.build();
	}

}
