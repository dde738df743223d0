package dev.mamori.web.security;

import java.time.Clock;
import java.util.Map;

import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.LoginThrottle;
import dev.mamori.core.user.UserService;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Two filter chains. The API chain ({@code /api/**} and {@code /actuator/**}) is stateless and
 * takes HTTP Basic or bearer tokens, answering refusals as problem details. The UI chain uses a
 * login form, a session and CSRF tokens. Both share one password authentication with the login
 * throttle in front of it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableMethodSecurity
class SecurityConfiguration {

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role("ADMIN")
			.implies("OPERATOR")
			.role("OPERATOR")
			.implies("VIEWER")
			.build();
	}

	/**
	 * Password logins for both chains. Declared as a bean so Spring Boot does not add its own
	 * in-memory user with a generated password.
	 */
	@Bean
	AuthenticationManager authenticationManager(UserService users, PasswordEncoder passwordEncoder,
			LoginThrottle throttle, AuditLog audit) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new DatabaseUserDetailsService(users));
		passwords.setPasswordEncoder(passwordEncoder);
		return new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle, audit));
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, AuthenticationManager authenticationManager,
			ApiTokenService tokens, ApplicationEventPublisher events, Clock clock) throws Exception {
		ProblemResponses problems = new ProblemResponses(clock);
		ProviderManager tokenManager = new ProviderManager(new TokenAuthenticationProvider(tokens));
		tokenManager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
		WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();
		AuthenticationFilter bearer = new AuthenticationFilter(tokenManager,
				(request) -> bearerSecret(request, details));
		bearer.setSuccessHandler((request, response, authentication) -> {
		});
		bearer.setFailureHandler(problems::commence);
		http.securityMatcher("/api/**", "/actuator/**")
			.authenticationManager(authenticationManager)
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems).realmName("Mamori"))
			.addFilterBefore(bearer, BasicAuthenticationFilter.class)
			.exceptionHandling((ex) -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health")).permitAll()
				.requestMatchers(EndpointRequest.to("prometheus"))
				.hasAnyAuthority("ROLE_ADMIN", TokenAuthentication.METRICS_AUTHORITY)
				.requestMatchers("/actuator/**").hasRole("ADMIN")
				.requestMatchers("/api/users/**", "/api/users", "/api/audit/**", "/api/audit").hasRole("ADMIN")
				.requestMatchers(HttpMethod.POST, "/api/apps/*/catalog/rebuild", "/api/apps/*/restores").hasRole("ADMIN")
				.requestMatchers("/api/heartbeat/**").permitAll()
				.requestMatchers(HttpMethod.POST, "/api/apps/*/backups", "/api/apps/*/drills", "/api/snapshots/*/verify",
						"/api/monitors/*/pause", "/api/monitors/*/resume", "/api/incidents/*/ack")
				.hasRole("OPERATOR")
				// Each action names its own minimum role (OPERATOR or ADMIN); the controller checks it.
				.requestMatchers(HttpMethod.POST, "/api/actions/*/runs").hasRole("OPERATOR")
				.requestMatchers(HttpMethod.POST, "/api/checklist-runs/*/items/*/sign").hasRole("OPERATOR")
				.requestMatchers("/api/notifications", "/api/notifications/**").hasRole("ADMIN")
				.requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
				.requestMatchers("/api/me", "/api/tokens", "/api/tokens/**").hasRole("VIEWER")
				// Anything else that changes state and has no rule of its own needs ADMIN.
				.anyRequest().hasRole("ADMIN"));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain uiSecurityFilterChain(HttpSecurity http, AuthenticationManager authenticationManager,
			AuditLog audit) throws Exception {
		http.authenticationManager(authenticationManager)
			.formLogin((form) -> form.loginPage("/login")
				.permitAll()
				.failureHandler((request, response, ex) -> response.sendRedirect(
						request.getContextPath() + ((ex instanceof LockedException) ? "/login?locked" : "/login?error"))))
			.logout((logout) -> logout.logoutUrl("/logout")
				.logoutSuccessUrl("/login?logout")
				.addLogoutHandler((request, response, authentication) -> {
					if (authentication != null) {
						audit.record(RequestActors.actor(authentication, request), "LOGOUT",
								authentication.getName(), AuditOutcome.SUCCESS, Map.of());
					}
				}))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/images/**", "/favicon.ico",
						"/error")
				.permitAll()
				.requestMatchers("/admin", "/admin/**", "/audit", "/audit.csv").hasRole("ADMIN")
				.requestMatchers("/apps/*/restore", "/apps/*/restores", "/monitors/new", "/monitors/*/edit").hasRole("ADMIN")
				.requestMatchers(HttpMethod.POST, "/apps/*/backups", "/apps/*/drills", "/apps/*/snapshots/*/verify", "/monitors/*/pause",
						"/monitors/*/resume", "/incidents/*/ack")
				.hasRole("OPERATOR")
				.requestMatchers(HttpMethod.POST, "/actions/*/run").hasRole("OPERATOR")
				.requestMatchers(HttpMethod.POST, "/checklist-runs/*/items/*/sign").hasRole("OPERATOR")
				// Every account changes its own password and tokens.
				.requestMatchers(HttpMethod.POST, "/account/**").hasRole("VIEWER")
				// Anything else that changes state (create, edit, delete monitors) needs ADMIN.
				.requestMatchers(HttpMethod.POST, "/**").hasRole("ADMIN")
				.anyRequest().hasRole("VIEWER"));
		return http.build();
	}

	static BearerTokenRequest bearerSecret(HttpServletRequest request, WebAuthenticationDetailsSource details) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return new BearerTokenRequest(header.substring(7).strip(), details.buildDetails(request));
	}

}
