package dev.mamori.web.openapi;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mamori.backup.RunStatus;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.AppFixture;
import dev.mamori.support.Http;
import dev.mamori.support.Http.Auth;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /v3/api-docs}: valid for an external parser, complete against the
 * application's real request mappings, with roles that match the filter chain, status enums, and
 * usable by a generic client that knows nothing but the document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "mamori.scheduling.enabled=false")
@ActiveProfiles("test")
class OpenApiTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path temp;

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	List<SecurityFilterChain> chains;

	@Autowired
	WebApplicationContext context;

	@DynamicPropertySource
	static void apps(DynamicPropertyRegistry registry) {
		AppFixture.create(temp.resolve("ecm"), 200).register(registry, "ecm", null);
	}

	private String document() {
		Http.Response response = Http.on(this.port).get("/v3/api-docs", RoleUsers.ensure(this.users, Role.VIEWER));
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	private OpenAPI parsed() {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		options.setValidateInternalRefs(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);
		assertThat(result.getMessages()).as("parser messages").isEmpty();
		return result.getOpenAPI();
	}

	@Test
	void theDocumentIsOpenApi31AndTheExternalParserReportsNothing() throws java.io.IOException {
		String text = document();
		// Kept beside the build for people and client generators.
		java.nio.file.Files.writeString(Path.of("target", "openapi.json"), text);
		assertThat(json.readTree(text).get("openapi").asString()).startsWith("3.1.");
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		options.setValidateInternalRefs(true);
		options.setResolveFully(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
		assertThat(result.getMessages()).as("parser messages").isEmpty();
		assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(io.swagger.v3.oas.models.SpecVersion.V31);
		assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsOnlyKeys("basic", "bearer");
		assertThat(result.getOpenAPI().getComponents().getSecuritySchemes().get("basic").getScheme()).isEqualTo("basic");
		assertThat(result.getOpenAPI().getComponents().getSecuritySchemes().get("bearer").getScheme())
			.isEqualTo("bearer");
	}

	@Test
	void everyApiRequestMappingIsDocumentedAndNothingElse() {
		Set<String> mapped = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (pattern.startsWith("/api/")) {
					info.getMethodsCondition().getMethods().forEach((method) -> mapped.add(method.name() + " " + pattern));
				}
			}
		}
		Set<String> documented = new TreeSet<>();
		parsed().getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((method) -> documented.add(method.name() + " " + path)));
		assertThat(mapped).hasSizeGreaterThan(40);
		assertThat(documented).isEqualTo(mapped);
	}

	@Test
	void everyOperationHasAUniqueIdATagAndTheRoleTheFilterChainEnforces() {
		OpenAPI api = parsed();
		Set<String> ids = new HashSet<>();
		Set<String> tags = new HashSet<>();
		api.getTags().forEach((tag) -> tags.add(tag.getName()));
		List<String> adminOnly = new ArrayList<>();
		api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			String key = method + " " + path;
			assertThat(operation.getOperationId()).as(key + " operationId").matches("[a-z][A-Za-z]+");
			assertThat(ids.add(operation.getOperationId())).as(key + " unique operationId").isTrue();
			assertThat(operation.getTags()).as(key + " tags").hasSize(1);
			assertThat(tags).as(key + " declared tag").contains(operation.getTags().get(0));
			Object role = (operation.getExtensions() != null) ? operation.getExtensions().get("x-mamori-role") : null;
			assertThat(role).as(key + " x-mamori-role (add it to OpenApiConfiguration.OPERATIONS)").isNotNull();
			assertThat(role).as(key + " documented role vs. filter chain").isEqualTo(lowestRoleAllowed(method, path));
			if (role.equals("PUBLIC")) {
				assertThat(operation.getSecurity()).as(key + " security").isEmpty();
			}
			else {
				assertThat(operation.getResponses()).as(key).containsKeys("401", "403");
				assertThat(operation.getResponses().get("403").getContent()).containsOnlyKeys("application/problem+json");
				assertThat(operation.getResponses().get("403").getContent().get("application/problem+json").getSchema().get$ref())
					.isEqualTo("#/components/schemas/Problem");
			}
			if (role.equals("ADMIN")) {
				adminOnly.add(operation.getOperationId());
			}
		}));
		assertThat(adminOnly).contains("startRestore", "rebuildCatalog", "createUser", "searchAuditEvents",
				"createMonitor", "listNotifications");
		assertThat(ids).contains("startBackup", "getBackupRun", "listSnapshots", "getRestoreRun");
		assertThat(api.getComponents().getSchemas().get("Problem").getProperties()).containsKeys("type", "title",
				"status", "detail", "instance", "errors");
	}

	/** Asks the API filter chain's own authorization rules which roles pass. */
	private String lowestRoleAllowed(PathItem.HttpMethod method, String template) {
		String path = template.replaceAll("\\{[^}]+}", "x1");
		MockHttpServletRequest request = new MockHttpServletRequest(this.context.getServletContext(), method.name(),
				path);
		request.setServletPath(path);
		SecurityFilterChain chain = this.chains.stream().filter((c) -> c.matches(request)).findFirst().orElseThrow();
		@SuppressWarnings("unchecked")
		AuthorizationManager<jakarta.servlet.http.HttpServletRequest> manager = chain.getFilters()
			.stream()
			.filter(AuthorizationFilter.class::isInstance)
			.map((f) -> (AuthorizationManager<jakarta.servlet.http.HttpServletRequest>) ((AuthorizationFilter) f)
				.getAuthorizationManager())
			.findFirst()
			.orElseThrow();
		Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		if (granted(manager, anonymous, request)) {
			return "PUBLIC";
		}
		for (String role : List.of("VIEWER", "OPERATOR", "ADMIN")) {
			Authentication user = UsernamePasswordAuthenticationToken.authenticated("u", null,
					AuthorityUtils.createAuthorityList("ROLE_" + role, "FACTOR_PASSWORD"));
			if (granted(manager, user, request)) {
				return role;
			}
		}
		return "NOBODY";
	}

	private static boolean granted(AuthorizationManager<jakarta.servlet.http.HttpServletRequest> manager,
			Authentication authentication, MockHttpServletRequest request) {
		var result = manager.authorize(() -> authentication, request);
		return result != null && result.isGranted();
	}

	@Test
	void statusesAndRolesAreEnumsInTheSchemas() {
		Map<String, Schema> schemas = parsed().getComponents().getSchemas();
		assertThat(enumOf(schemas, "BackupRunView", "status")).containsExactlyInAnyOrder(names(RunStatus.values()));
		assertThat(enumOf(schemas, "SnapshotView", "status")).containsExactlyInAnyOrder(names(SnapshotStatus.values()));
		assertThat(enumOf(schemas, "RestoreRunView", "status"))
			.containsExactlyInAnyOrder(names(RestoreStatus.values()));
		assertThat(enumOf(schemas, "RunStarted", "status")).contains("RUNNING", "SUCCEEDED", "FAILED", "ROLLED_BACK");
		assertThat(enumOf(schemas, "Me", "role")).containsExactlyInAnyOrder(names(Role.values()));
		assertThat(enumOf(schemas, "SourceView", "type")).contains("sqlite", "postgres");
		assertThat(enumOf(schemas, "Step", "name")).contains("PLAN", "SWAP", "HEALTH_CHECK", "ROLLBACK");
		assertThat(enumOf(schemas, "Step", "outcome")).contains("SUCCEEDED", "FAILED", "SKIPPED");
		assertThat(enumOf(schemas, "BackupRunView", "trigger")).contains("MANUAL", "SCHEDULE");
		assertThat(schemas).containsKey("RestorePlan");
		assertThat(enumOf(schemas, "WebhookEvent", "type")).containsExactly("backup.completed", "backup.failed",
				"restore.finished", "incident.opened", "incident.resolved", "drill.finished", "copy.failed");
		assertThat(schemas.get("WebhookEvent").getProperties()).containsOnlyKeys("id", "type", "timestamp", "data");
		assertThat(schemas).containsKeys("WebhookBackupData", "WebhookRestoreData", "WebhookIncidentData",
				"WebhookDrillData", "WebhookCopyData");
		assertThat(parsed().getWebhooks()).containsKeys("backup.completed", "incident.opened");
	}

	@SuppressWarnings("rawtypes")
	private static List<String> enumOf(Map<String, Schema> schemas, String schema, String property) {
		assertThat(schemas).as("schemas").containsKey(schema);
		Schema field = (Schema) schemas.get(schema).getProperties().get(property);
		assertThat(field).as(schema + "." + property).isNotNull();
		if (field.get$ref() != null) {
			field = schemas.get(field.get$ref().substring(field.get$ref().lastIndexOf('/') + 1));
		}
		assertThat(field.getEnum()).as(schema + "." + property + " enum").isNotNull();
		return ((List<?>) field.getEnum()).stream().map(String::valueOf).toList();
	}

	private static String[] names(Enum<?>[] values) {
		return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
	}

	@Test
	void anonymousCallersGet401ForTheDocumentAndTheLoginPageForSwaggerUi() {
		Http http = Http.on(this.port);
		Http.Response document = http.get("/v3/api-docs", Auth.NONE);
		assertThat(document.status()).isEqualTo(401);
		assertThat(document.header("Content-Type")).startsWith("application/problem+json");
		assertThat(document.body()).doesNotContain("/api/apps");
		assertThat(http.get("/v3/api-docs/swagger-config", Auth.NONE).status()).isEqualTo(401);
		assertThat(http.get("/v3/api-docs", Auth.basic(RoleUsers.username(Role.VIEWER), "wrong-password")).status())
			.isEqualTo(401);
		assertThat(http.get("/v3/api-docs", Auth.bearer("mamori_not-a-token")).status()).isEqualTo(401);
		Http.Response ui = http.get("/swagger-ui/index.html", Auth.NONE, "Accept", "text/html");
		assertThat(ui.status()).isEqualTo(302);
		assertThat(ui.header("Location")).endsWith("/login");
		Http.Response bundle = http.get("/swagger-ui/swagger-ui-bundle.js", Auth.NONE);
		assertThat(bundle.status()).isEqualTo(302);
	}

	@Test
	void everyRoleReadsTheDocumentWithBasicOrATokenAndTheSwaggerUiServesItsOwnAssets() {
		Http http = Http.on(this.port);
		for (Role role : Role.values()) {
			Auth auth = RoleUsers.ensure(this.users, role);
			assertThat(http.get("/v3/api-docs", auth).status()).as(role.name()).isEqualTo(200);
			// Reading only: nothing else is accepted on the document's paths.
			assertThat(http.post("/v3/api-docs", auth, "{}").status()).as(role.name()).isIn(403, 405);
		}
		String secret = http.post("/api/tokens", RoleUsers.ensure(this.users, Role.VIEWER), "{\"name\":\"openapi\"}")
			.json()
			.get("secret")
			.asString();
		assertThat(http.get("/v3/api-docs", Auth.bearer(secret)).json().get("paths").has("/api/apps/{app}/backups"))
			.isTrue();

		// The browser page: after the login form, the page, its assets and the document load with the session.
		Http session = Http.withCookies(this.port);
		String login = session.get("/login", Auth.NONE).body();
		Http.Response loggedIn = session.postForm("/login", Map.of("username", RoleUsers.username(Role.VIEWER),
				"password", RoleUsers.password(Role.VIEWER), "_csrf", UiSession.csrf(login)));
		assertThat(loggedIn.status()).isEqualTo(302);
		Http.Response page = session.get("/swagger-ui/index.html", Auth.NONE, "Accept", "text/html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("https://");
		assertThat(session.get("/swagger-ui/swagger-ui-bundle.js", Auth.NONE).status()).isEqualTo(200);
		Http.Response config = session.get("/v3/api-docs/swagger-config", Auth.NONE);
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
		assertThat(session.get("/v3/api-docs", Auth.NONE).status()).isEqualTo(200);
	}

	@Test
	void aGenericClientThatOnlyKnowsTheDocumentRunsABackupToItsFinalStatus() {
		SpecClient client = new SpecClient(parsed(), "http://127.0.0.1:" + this.port,
				RoleUsers.ensure(this.users, Role.OPERATOR).header());
		JsonNode started = client.call("startBackup", Map.of("app", "ecm"));
		assertThat(started.get("status").asString()).isEqualTo("RUNNING");
		long id = started.get("id").asLong();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> !"RUNNING".equals(client.call("getBackupRun", Map.of("id", id)).get("status").asString()));
		JsonNode run = client.call("getBackupRun", Map.of("id", id));
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode snapshot = client.call("getSnapshot", Map.of("id", run.get("snapshotId").asLong()));
		assertThat(snapshot.get("status").asString()).isEqualTo("GOOD");
		JsonNode snapshots = client.call("listSnapshots", Map.of("app", "ecm"));
		assertThat(snapshots.findValuesAsString("name")).contains(snapshot.get("name").asString());
	}

	/**
	 * A client that knows only the OpenAPI document: it finds an operation by its id, fills the path
	 * and query parameters the document declares, and sends the request with the document's method.
	 */
	static final class SpecClient {

		private final OpenAPI api;

		private final String server;

		private final String authorization;

		private final HttpClient http = HttpClient.newHttpClient();

		SpecClient(OpenAPI api, String server, String authorization) {
			this.api = api;
			this.server = server;
			this.authorization = authorization;
		}

		JsonNode call(String operationId, Map<String, Object> arguments) {
			for (Map.Entry<String, PathItem> path : this.api.getPaths().entrySet()) {
				for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
					if (operationId.equals(entry.getValue().getOperationId())) {
						return send(entry.getKey().name(), path.getKey(), entry.getValue(), arguments);
					}
				}
			}
			throw new AssertionError("No operation " + operationId + " in the document");
		}

		private JsonNode send(String method, String template, Operation operation, Map<String, Object> arguments) {
			String path = template;
			Map<String, String> query = new LinkedHashMap<>();
			List<Parameter> parameters = (operation.getParameters() != null) ? operation.getParameters() : List.of();
			for (Parameter parameter : parameters) {
				Object value = arguments.get(parameter.getName());
				if (value == null) {
					assertThat(parameter.getRequired()).as(parameter.getName() + " required").isNotEqualTo(Boolean.TRUE);
					continue;
				}
				String encoded = URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
				switch (parameter.getIn()) {
					case "path" -> path = path.replace("{" + parameter.getName() + "}", encoded);
					case "query" -> query.put(parameter.getName(), encoded);
					default -> throw new AssertionError("unsupported parameter " + parameter.getIn());
				}
			}
			assertThat(path).as("all path parameters filled").doesNotContain("{");
			StringBuilder uri = new StringBuilder(this.server).append(path);
			String separator = "?";
			for (Map.Entry<String, String> q : query.entrySet()) {
				uri.append(separator).append(q.getKey()).append('=').append(q.getValue());
				separator = "&";
			}
			HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.header("Authorization", this.authorization)
				.header("Accept", "application/json")
				.build();
			try {
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				assertThat(operation.getResponses()).as(method + " " + path + " documents status " + response.statusCode())
					.containsKey(String.valueOf(response.statusCode()));
				assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
				return json.readTree(response.body());
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
