package dev.mamori.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTests {

	@Test
	void higherRolesIncludeLowerOnesButNotTheOtherWayRound() {
		assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
		assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
		assertThat(Role.OPERATOR.includes(Role.OPERATOR)).isTrue();
		assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
		assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
	}

	@Test
	void lowerPicksTheRoleWithFewerRights() {
		assertThat(Role.lower(Role.ADMIN, Role.VIEWER)).isEqualTo(Role.VIEWER);
		assertThat(Role.lower(Role.OPERATOR, Role.ADMIN)).isEqualTo(Role.OPERATOR);
	}

}
