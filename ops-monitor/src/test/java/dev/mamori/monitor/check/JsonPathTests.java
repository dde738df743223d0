package dev.mamori.monitor.check;

import java.time.Duration;

import dev.mamori.monitor.CheckResult;
import dev.mamori.monitor.JsonPath;
import dev.mamori.monitor.JsonPaths;
import dev.mamori.monitor.MonitorDefinition;
import dev.mamori.monitor.MonitorType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonPathTests {

	static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsFieldsIndexesAndQuotedKeys() {
		var doc = json.readTree("{\"status\":\"ok\",\"checks\":[{\"db\":true}],\"a b\":{\"n\":3}}");
		assertThat(JsonPath.parse("$.status").read(doc)).isEqualTo("ok");
		assertThat(JsonPath.parse("$.checks[0].db").read(doc)).isEqualTo("true");
		assertThat(JsonPath.parse("$['a b'].n").read(doc)).isEqualTo("3");
		assertThat(JsonPath.parse("$.missing.deeper").read(doc)).isNull();
		assertThat(JsonPath.parse("$.checks").read(doc)).isEqualTo("[{\"db\":true}]");
	}

	@Test
	void refusesPathsItCannotRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonPath.parse("status")).withMessageContaining("starts with $");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonPath.parse("$..status"));
		assertThat(JsonPaths.error("$.ok")).isNull();
	}

	@Test
	void anHttpResultNamesWhatWasWrong() {
		MonitorDefinition d = new MonitorDefinition(MonitorType.HTTP, null, Duration.ofSeconds(30), Duration.ofSeconds(5),
				3, 2, Duration.ZERO, false, null, null, "http://x/", "GET", null, null, null, "$.status", "ok",
				Duration.ofMillis(500), null, null, null, null, null, null, null, null, null, null, null, null, null);
		assertThat(HttpCheck.judge(d, 200, "{\"status\":\"ok\"}", 12).up()).isTrue();
		assertThat(HttpCheck.judge(d, 200, "{\"status\":\"degraded\"}", 12).message())
			.isEqualTo("HTTP 200, $.status is 'degraded', expected 'ok'");
		assertThat(HttpCheck.judge(d, 200, "<html>", 12).message()).isEqualTo("HTTP 200, body is not JSON");
		assertThat(HttpCheck.judge(d, 500, "{\"status\":\"ok\"}", 12).message()).startsWith("HTTP 500, expected 2xx or 3xx");
		assertThat(HttpCheck.judge(d, 200, "{\"status\":\"ok\"}", 900).message()).contains("slower than 500 ms");
	}

	@Test
	void memoryUseComesFromMemAvailable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path meminfo = dir.resolve("meminfo");
		java.nio.file.Files.writeString(meminfo, "MemTotal:        1000000 kB\nMemFree:  10 kB\nMemAvailable:     150000 kB\n");
		MonitorDefinition d = new MonitorDefinition(MonitorType.MEMORY, null, Duration.ofSeconds(30),
				Duration.ofSeconds(5), 3, 2, Duration.ZERO, false, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, 85.0, null, null, null, null, null, null, null, null);
		CheckResult result = MemoryCheck.memory(d, meminfo);
		assertThat(result.up()).isTrue();
		assertThat(result.message()).isEqualTo("memory 85.0 % used (limit 85.0 %)");
	}

}
