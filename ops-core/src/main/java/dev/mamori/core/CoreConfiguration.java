package dev.mamori.core;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Beans every module shares: the clock and the password encoder. The sub-packages enable their own
 * properties, so this package never reaches down to them.
 */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

	/**
	 * The system clock in UTC; tests replace it to move time.
	 * @return the clock
	 */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * BCrypt through the delegating encoder, so stored hashes name their algorithm and can be
	 * upgraded later.
	 * @return the encoder
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
