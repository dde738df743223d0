package dev.mamori.core.user;

import org.springframework.data.jpa.repository.JpaRepository;

interface LoginThrottleRepository extends JpaRepository<LoginThrottleEntry, String> {

}
