package dev.mamori.web.ui;

import java.util.Map;

import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web form, the configuration file and the builder give a monitor with only its required
 * fields the same defaults ({@code MonitorRequestDefaultsTests} does the same for the API).
 */
class MonitorFormDefaultsTests {

	@Test
	void aFormWithOnlyRequiredFieldsGivesTheSameDefinitionAsTheConfigurationFile() {
		MonitorForm form = new MonitorForm("web", "HTTP", "http://127.0.0.1:8080/health", "", "", "", "", "", "", null,
				null, "", "", "", "", null, null, null, "");
		MonitorDefinition fromForm = form.apply(null);
		MonitorDefinition fromConfig = new Binder(new MapConfigurationPropertySource(
				Map.of("monitor.type", "http", "monitor.url", "http://127.0.0.1:8080/health")))
			.bind("monitor", MonitorDefinition.class)
			.get();
		assertThat(fromForm).usingRecursiveComparison().isEqualTo(fromConfig);
		assertThat(fromForm).isEqualTo(fromConfig)
			.isEqualTo(MonitorDefinition.builder(MonitorType.HTTP).url("http://127.0.0.1:8080/health").build());
	}

	@Test
	void theEmptyFormShowsTheSameDefaults() {
		MonitorDefinition shown = MonitorForm.empty().apply(null);
		MonitorDefinition defaults = MonitorDefinition.builder(MonitorType.HTTP).build();
		assertThat(shown.interval()).isEqualTo(defaults.interval());
		assertThat(shown.timeout()).isEqualTo(defaults.timeout());
		assertThat(shown.grace()).isEqualTo(defaults.grace());
		assertThat(shown.failureThreshold()).isEqualTo(defaults.failureThreshold());
		assertThat(shown.successThreshold()).isEqualTo(defaults.successThreshold());
	}

}
