package dev.mamori.monitor.check;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.mamori.core.command.CommandRunner;
import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;
import dev.mamori.monitor.MonitoringSettings;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

class ChecksTests {

	@Test
	void everyMonitorTypeHasExactlyOneCheckBean() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(MonitoringSettings.class, () -> new MonitoringSettings(true, Duration.ofSeconds(5), 1, 1,
					Duration.ofHours(24), Duration.ofDays(90), Duration.ofDays(730), Duration.ofMinutes(10), 0.5,
					Duration.ofMinutes(2), Duration.ofSeconds(1)));
			context.registerBean(CommandRunner.class, () -> mock(CommandRunner.class));
			context.registerBean(Clock.class, Clock::systemUTC);
			context.scan(Checks.class.getPackageName());
			context.refresh();
			List<MonitorType> types = context.getBeansOfType(Check.class).values().stream().map(Check::type).toList();
			assertThat(types).containsExactlyInAnyOrder(MonitorType.values());
			assertThat(context.getBean(Checks.class)
				.run(MonitorDefinition.builder(MonitorType.HEARTBEAT).build())
				.join()
				.message()).isEqualTo("heartbeats are pushed");
		}
	}

	@Test
	void theMappingRefusesATypeWithTwoChecksOrNone() {
		Check tcp = new Fixed(MonitorType.TCP);
		assertThatIllegalStateException().isThrownBy(() -> Checks.byType(List.of(tcp, new Fixed(MonitorType.TCP))))
			.withMessageContaining("Two checks for TCP");
		assertThatIllegalStateException().isThrownBy(() -> Checks.byType(List.of(tcp)))
			.withMessageContaining("No check for")
			.withMessageContaining("HTTP");
	}

	private record Fixed(MonitorType type) implements Check {

		@Override
		public CompletableFuture<CheckResult> run(MonitorDefinition definition) {
			return CompletableFuture.completedFuture(CheckResult.up(null, "fixed"));
		}

	}

}
