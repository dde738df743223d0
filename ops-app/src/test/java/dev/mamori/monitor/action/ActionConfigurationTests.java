package dev.mamori.monitor.action;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.mamori.MamoriApplication;
import dev.mamori.config.UnknownPropertyException;
import dev.mamori.core.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An action declared in a way Mamori would not run stops startup naming the key: a parameter
 * spliced into a string (the way to shell injection), an undeclared or unused parameter, a
 * parameter with neither set nor pattern, a VIEWER action, absurd timeouts and output limits, an
 * unknown app, a misspelled key.
 */
class ActionConfigurationTests {

	@TempDir
	Path temp;

	@Test
	void aParameterInsideAStringIsRefused() throws Exception {
		Throwable root = start("""
				      argv: [systemctl, "restart-{service}"]
				      parameters: { service: { values: [a, b] } }
				""");
		assertThat(root).isInstanceOf(InvalidConfigurationException.class);
		assertThat(root.getMessage()).contains("mamori.actions.restart.argv[1]").contains("whole argv element");
	}

	@Test
	void anUndeclaredParameterIsRefused() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, "{service}"]
				""").getMessage()).contains("mamori.actions.restart.argv[2]").contains("not declared");
	}

	@Test
	void anUnusedParameterIsRefused() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      parameters: { service: { values: [a] } }
				""").getMessage()).contains("mamori.actions.restart.parameters.service").contains("used by no argv element");
	}

	@Test
	void aParameterNeedsExactlyASetOrAPattern() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, "{service}"]
				      parameters: { service: { pattern: "" } }
				""").getMessage()).contains("mamori.actions.restart.parameters.service").contains("exactly one of");
		assertThat(start("""
				      argv: [systemctl, restart, "{service}"]
				      parameters: { service: { pattern: "[a-" } }
				""").getMessage()).contains("mamori.actions.restart.parameters.service.pattern").contains("regular expression");
	}

	@Test
	void theProgramCannotBeAParameter() throws Exception {
		assertThat(start("""
				      argv: ["{program}", restart]
				      parameters: { program: { values: [systemctl] } }
				""").getMessage()).contains("mamori.actions.restart.argv[0]").contains("program itself is fixed");
	}

	@Test
	void viewerCannotBeAnActionsRole() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      role: viewer
				""").getMessage()).contains("mamori.actions.restart.role").contains("OPERATOR or ADMIN");
	}

	@Test
	void absurdTimeoutsAndOutputLimitsAreRefused() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      timeout: 900d
				""").getMessage()).contains("mamori.actions.restart.timeout").contains("between 1s and 24h");
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      timeout: 0s
				""").getMessage()).contains("mamori.actions.restart.timeout");
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      output-limit: 2GB
				""").getMessage()).contains("mamori.actions.restart.output-limit").contains("between 1KB and 1MB");
	}

	@Test
	void anUnknownAppIsRefused() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				""", "nope").getMessage()).contains("mamori.actions.restart.app").contains("not a declared app");
	}

	@Test
	void aCheckNeedsExactlyOneTarget() throws Exception {
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      post-check: { monitor: web, health-url: "http://127.0.0.1/health" }
				""").getMessage()).contains("mamori.actions.restart.post-check").contains("exactly one of");
		assertThat(start("""
				      argv: [systemctl, restart, ecm]
				      pre-check: { health-url: "file:///etc/passwd" }
				""").getMessage()).contains("mamori.actions.restart.pre-check.health-url").contains("http or https");
	}

	@Test
	void aMisspelledKeyFailsStartupNamingIt() throws Exception {
		Throwable root = start("""
				      argv: [systemctl, restart, ecm]
				      confirmm: true
				""");
		assertThat(root).isInstanceOf(UnknownPropertyException.class);
		assertThat(root.getMessage()).contains("mamori.actions.restart.confirmm").contains("did you mean `confirm`?");
	}

	private Throwable start(String actionBody) throws Exception {
		return start(actionBody, "ecm");
	}

	private Throwable start(String actionBody, String app) throws Exception {
		String yaml = """
				mamori:
				  apps:
				    ecm:
				      sources:
				        - { id: db, type: sqlite, path: %s }
				      backup:
				        destination: %s
				  actions:
				    restart:
				      app: %s
				      title: { en: Restart, ja: 再起動 }
				""".formatted(this.temp.resolve("ecm.db"), this.temp.resolve("usb"), app) + actionBody;
		Path config = Files.writeString(this.temp.resolve("mamori.yml"), yaml);
		Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(MamoriApplication.class)
			.web(WebApplicationType.NONE)
			.profiles("test")
			.run("--spring.config.additional-location=file:" + config, "--mamori.scheduling.enabled=false")
			.close());
		assertThat(thrown).as("startup fails").isNotNull();
		return NestedExceptionUtils.getMostSpecificCause(thrown);
	}

}
