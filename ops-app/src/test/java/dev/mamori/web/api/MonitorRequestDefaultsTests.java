package dev.mamori.web.api;

import java.util.Map;

import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API request, the configuration file and the builder give a monitor with only its required
 * fields the same defaults ({@code MonitorFormDefaultsTests} does the same for the web form).
 */
class MonitorRequestDefaultsTests {

	@Test
	void aRequestWithOnlyRequiredFieldsGivesTheSameDefinitionAsTheConfigurationFile() {
		MonitorRequest request = new MonitorRequest("web", "http", null, null, null, null, null, null, null, null, null,
				"http://127.0.0.1:8080/health", null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null);
		MonitorDefinition fromApi = request.toDefinition();
		MonitorDefinition fromConfig = new Binder(new MapConfigurationPropertySource(
				Map.of("monitor.type", "http", "monitor.url", "http://127.0.0.1:8080/health")))
			.bind("monitor", MonitorDefinition.class)
			.get();
		assertThat(fromApi).isEqualTo(fromConfig)
			.isEqualTo(MonitorDefinition.builder(MonitorType.HTTP).url("http://127.0.0.1:8080/health").build());
	}

	@Test
	void aRemediationWithOnlyItsCommandGetsTheSameDefaultsAsInTheConfigurationFile() {
		MonitorRequest request = new MonitorRequest("web", "http", null, null, null, null, null, null, null, null,
				new MonitorRequest.Remediation("restart", null, null), "http://127.0.0.1:8080/health", null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null);
		MonitorDefinition fromConfig = new Binder(new MapConfigurationPropertySource(Map.of("monitor.type", "http",
				"monitor.url", "http://127.0.0.1:8080/health", "monitor.remediation.command", "restart")))
			.bind("monitor", MonitorDefinition.class)
			.get();
		assertThat(request.toDefinition().remediation()).isEqualTo(fromConfig.remediation());
	}

}
