package dev.mamori.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus rules and the Grafana dashboard in {@code deploy/}: {@code promtool} accepts the
 * rules (and their unit tests fire as expected), and every {@code mamori_*} metric they use is one
 * a running Mamori exports at {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PrometheusRulesTests {

	static final Path RULES = DeployTests.DEPLOY.resolve("prometheus/mamori-rules.yml");

	static final Path RULE_TESTS = DeployTests.DEPLOY.resolve("prometheus/mamori-rules.test.yml");

	static final Path DASHBOARD = DeployTests.DEPLOY.resolve("grafana/mamori-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\b(mamori_[a-z0-9_]+)\\b");

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 50).register(registry, "ecm", null);
		registry.add("mamori.monitors.ecm-port.type", () -> "tcp");
		registry.add("mamori.monitors.ecm-port.app", () -> "ecm");
		registry.add("mamori.monitors.ecm-port.host", () -> "127.0.0.1");
		registry.add("mamori.monitors.ecm-port.port", () -> "1");
	}

	@Test
	void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
		Path promtool = promtool();
		Run check = run(promtool.toString(), "check", "rules", RULES.toString());
		assertThat(check.exit()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 6 rules found");
		Run tests = run(promtool.toString(), "test", "rules", RULE_TESTS.toString());
		assertThat(tests.exit()).as(tests.output()).isZero();
		assertThat(tests.output()).contains("SUCCESS");
	}

	@Test
	void everyMetricInTheRulesAndTheDashboardIsExportedByMamori() throws IOException {
		Http http = Http.on(this.port);
		Http.Auth admin = RoleUsers.ensure(this.users, Role.ADMIN);
		// A finished backup, so that its timer exists too.
		assertThat(http.post("/api/apps/ecm/backups", RoleUsers.ensure(this.users, Role.OPERATOR), null).status())
			.isEqualTo(202);
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> http.get("/actuator/prometheus", admin).body().contains("mamori_backup_duration_seconds_count"));
		Set<String> exported = new TreeSet<>();
		for (String line : http.get("/actuator/prometheus", admin).body().lines().toList()) {
			if (!line.startsWith("#") && !line.isBlank()) {
				exported.add(line.split("[{ ]", 2)[0]);
			}
		}
		assertThat(exported).contains("mamori_monitor_up", "mamori_backup_last_success_timestamp_seconds");

		Set<String> inRules = new TreeSet<>();
		Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
		List<String> alerts = new ArrayList<>();
		for (Object group : (List<?>) rules.get("groups")) {
			for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
				Map<?, ?> r = (Map<?, ?>) rule;
				alerts.add((String) r.get("alert"));
				inRules.addAll(metrics((String) r.get("expr")));
			}
		}
		assertThat(alerts).contains("MamoriBackupTooOld", "MamoriBackupFailed", "MamoriMonitorDown");
		assertThat(inRules).isNotEmpty();
		assertThat(exported).as("metrics exported by /actuator/prometheus").containsAll(inRules);

		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		assertThat(dashboard.get("title").asString()).isEqualTo("Mamori");
		Set<String> inDashboard = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				inDashboard.addAll(metrics(target.get("expr").asString()));
			}
		}
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			if (variable.has("query") && variable.get("query").isString()) {
				inDashboard.addAll(metrics(variable.get("query").asString()));
			}
		}
		assertThat(inDashboard).hasSizeGreaterThan(5);
		assertThat(exported).as("metrics exported by /actuator/prometheus").containsAll(inDashboard);

		// Every metric of the rules and the dashboard is documented, in both languages.
		for (String page : List.of("../docs/integrations.md", "../docs/integrations.ja.md")) {
			String docs = Files.readString(Path.of(page));
			Set<String> used = new TreeSet<>(inRules);
			used.addAll(inDashboard);
			used.forEach((name) -> assertThat(docs).as(page).contains(baseName(name)));
		}
	}

	/** {@code x_seconds_count} and {@code x_seconds_sum} are documented as {@code x_seconds}. */
	private static String baseName(String metric) {
		return metric.replaceAll("_(count|sum|max)$", "");
	}

	private static Set<String> metrics(String expression) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(expression);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/**
	 * @return promtool; the test is skipped without it unless MAMORI_TEST_PROMTOOL_REQUIRED is true
	 * (as in CI, where .ci/run installs it)
	 */
	private static Path promtool() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			Path candidate = Path.of(dir, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		boolean required = "true".equals(System.getenv("MAMORI_TEST_PROMTOOL_REQUIRED"));
		assertThat(required).as("promtool is required (MAMORI_TEST_PROMTOOL_REQUIRED=true) but not on the PATH")
			.isFalse();
		Assumptions.abort("promtool is not installed");
		return null;
	}

	private static Run run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	private record Run(int exit, String output) {
	}

}
