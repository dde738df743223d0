package dev.mamori.core.user;

import java.util.List;
import java.util.Optional;

import dev.mamori.core.Role;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

	Optional<UserAccount> findByUsername(String username);

	List<UserAccount> findAllByOrderByUsernameAsc();

	long countByRoleAndEnabledTrue(Role role);

}
