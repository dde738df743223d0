package dev.mamori.config;

import dev.mamori.core.user.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * On first start (no users at all), creates {@code admin}. A generated password is printed once,
 * on a line of its own, because nobody could log in otherwise. Not in a command-line run
 * ({@code dev.mamori.cli=true}, outside the checked mamori.* keys, set by the CLI): a {@code backup} from a script must not create users or
 * print a password.
 */
@Component
@ConditionalOnProperty(name = "dev.mamori.cli", havingValue = "false", matchIfMissing = true)
class InitialAdminRunner implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(InitialAdminRunner.class);

	private final UserService users;

	private final MamoriProperties properties;

	InitialAdminRunner(UserService users, MamoriProperties properties) {
		this.users = users;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.users.hasUsers()) {
			return;
		}
		this.users.createInitialAdmin(this.properties.adminPassword()).ifPresentOrElse(
				(generated) -> logger.warn("""

						*** Created the initial user 'admin' with the generated password: {}
						*** This is shown only once. Log in and change it, or set MAMORI_ADMIN_PASSWORD before the first start.
						""", generated),
				() -> logger.info("Created the initial user 'admin' with the password from MAMORI_ADMIN_PASSWORD"));
	}

}
