package dev.mamori.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.MamoriApplication;
import dev.mamori.core.user.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class InitialAdminTests {

	@Test
	void withoutAConfiguredPasswordARandomOneIsPrintedOnceAndWorks(CapturedOutput output) {
		try (ConfigurableApplicationContext first = start("--mamori.admin-password=")) {
			Matcher matcher = Pattern.compile("generated password: (\\S+)").matcher(output.getOut());
			assertThat(matcher.find()).as("the generated password is printed").isTrue();
			String password = matcher.group(1);
			assertThat(password).hasSizeGreaterThanOrEqualTo(20);
			assertThat(matches(first, password)).isTrue();
			assertThat(matcher.find()).as("printed only once").isFalse();
		}
	}

	@Test
	void twoFreshInstallsGetDifferentPasswords(CapturedOutput output) {
		try (ConfigurableApplicationContext a = start("--mamori.admin-password=");
				ConfigurableApplicationContext b = start("--mamori.admin-password=")) {
			Matcher matcher = Pattern.compile("generated password: (\\S+)").matcher(output.getOut());
			assertThat(matcher.find()).isTrue();
			String first = matcher.group(1);
			assertThat(matcher.find()).isTrue();
			assertThat(matcher.group(1)).isNotEqualTo(first);
		}
	}

	@Test
	void theConfiguredPasswordIsUsedAndNeverLogged(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--mamori.admin-password=from-the-environment")) {
			assertThat(matches(context, "from-the-environment")).isTrue();
			assertThat(output).doesNotContain("from-the-environment").doesNotContain("generated password");
		}
	}

	private static boolean matches(ConfigurableApplicationContext context, String password) {
		String hash = context.getBean(UserService.class).credentials("admin").orElseThrow().passwordHash();
		assertThat(hash).startsWith("{bcrypt}").doesNotContain(password);
		return context.getBean(PasswordEncoder.class).matches(password, hash);
	}

	private static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(MamoriApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles("test");
		return application.run(args);
	}

}
