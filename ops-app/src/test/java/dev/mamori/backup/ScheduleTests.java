package dev.mamori.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.mamori.support.AppFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real one-second cron schedule fires scheduled backups, each for its own tick.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
class ScheduleTests {

	@TempDir
	static Path temp;

	@Autowired
	BackupService backups;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("tick"), 5).register(registry, "tick", "* * * * * *");
	}

	@Test
	void theScheduleFiresBackupsForDistinctTicks() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.backups.runs("tick").stream().filter((r) -> r.status() == RunStatus.SUCCEEDED).count() >= 2);
		List<BackupRunView> runs = this.backups.runs("tick");
		assertThat(runs).allSatisfy((r) -> {
			assertThat(r.trigger()).isEqualTo("SCHEDULE");
			assertThat(r.scheduledFor()).isNotNull();
			assertThat(r.scheduledFor().getNano()).isZero();
		});
		assertThat(runs.stream().map(BackupRunView::scheduledFor).distinct().count()).isEqualTo(runs.size());
	}

}
