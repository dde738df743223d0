package dev.mamori.web.security;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.TokenPrincipal;
import dev.mamori.core.user.TokenScope;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ActorArgumentResolverTests {

	private final ActorArgumentResolver resolver = new ActorArgumentResolver();

	@Test
	void aPasswordUserIsTheUserWithTheClientAddress() {
		MockHttpServletRequest request = request();
		request.setUserPrincipal(UsernamePasswordAuthenticationToken.authenticated("olga", null,
				AuthorityUtils.createAuthorityList("ROLE_OPERATOR")));
		assertThat(resolve(request)).isEqualTo(new Actor(Actor.Type.USER, "olga", "203.0.113.9"));
	}

	@Test
	void aTokenCallerIsRecordedAsTheTokensOwnerActingThroughAToken() {
		MockHttpServletRequest request = request();
		request.setUserPrincipal(new TokenAuthentication(
				new TokenPrincipal(4, "ci", "olga", Role.OPERATOR, TokenScope.API), null));
		assertThat(resolve(request)).isEqualTo(new Actor(Actor.Type.TOKEN, "olga", "203.0.113.9"));
	}

	@Test
	void withoutAnAuthenticatedCallerTheActorIsAnonymous() {
		// Spring Security's request wrapper shows no principal for an anonymous caller.
		assertThat(resolve(request())).isEqualTo(new Actor(Actor.Type.ANONYMOUS, "anonymous", "203.0.113.9"));
	}

	private Actor resolve(MockHttpServletRequest request) {
		return this.resolver.resolveArgument(null, null, new ServletWebRequest(request), null);
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/monitors/5/pause");
		request.setRemoteAddr("203.0.113.9");
		return request;
	}

}
