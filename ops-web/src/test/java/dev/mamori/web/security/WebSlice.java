package dev.mamori.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.user.ApiTokenService;
import dev.mamori.core.user.LoginThrottle;
import dev.mamori.core.user.UserService;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A web slice with Mamori's real security (both filter chains, the role hierarchy, problem details
 * for refusals); the user store, tokens, throttle and audit log behind it are test doubles, since
 * slice tests authenticate with Spring Security's test support.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(SliceSecurity.class)
@MockitoBean(types = { UserService.class, ApiTokenService.class, LoginThrottle.class, AuditLog.class })
public @interface WebSlice {

}
