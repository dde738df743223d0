package dev.mamori.web.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mamori.backup.RestorePlan;
import dev.mamori.backup.RunStatus;
import dev.mamori.backup.SnapshotStatus;
import dev.mamori.backup.restore.RestoreStatus;
import dev.mamori.backup.source.SourceType;
import dev.mamori.core.Actor;
import dev.mamori.monitor.alert.Alert;
import dev.mamori.monitor.webhook.WebhookData;
import dev.mamori.monitor.webhook.WebhookEvent;
import dev.mamori.monitor.webhook.WebhookTypes;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description of the REST API at {@code /v3/api-docs}. Springdoc finds the
 * endpoints and their schemas; this class adds what it cannot know: stable operation ids, tags, the
 * role each operation needs ({@code x-mamori-role}, enforced by the API filter chain), problem
 * details for errors, the two security schemes and enums for statuses that travel as strings.
 * <p>
 * Adding an endpoint means adding one line to {@link #OPERATIONS}; {@code OpenApiDocumentTests}
 * fails for an endpoint without one, and checks every role against the filter chain.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** The extension that names the lowest role an operation needs ({@code PUBLIC} for none). */
	static final String ROLE_EXTENSION = "x-mamori-role";

	static final String PROBLEM_SCHEMA = "Problem";

	static {
		// Resolved from the login, never sent by the client.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class, CurrentCaller.class);
	}

	/** "METHOD path" to operation id, tag and the lowest role allowed. */
	static final Map<String, Doc> OPERATIONS = operations();

	private static Map<String, Doc> operations() {
		Map<String, Doc> docs = new LinkedHashMap<>();
		doc(docs, "GET /api/apps", "listApps", "apps", "VIEWER", "List the declared apps");
		doc(docs, "GET /api/apps/{app}", "getApp", "apps", "VIEWER", "One app with its sources (secrets masked)");
		doc(docs, "POST /api/apps/{app}/backups", "startBackup", "backups", "OPERATOR",
				"Start a backup now; poll the run in Location until its status is no longer RUNNING");
		doc(docs, "GET /api/backup-runs/{id}", "getBackupRun", "backups", "VIEWER", "One backup run");
		doc(docs, "GET /api/apps/{app}/backup-runs", "listBackupRuns", "backups", "VIEWER",
				"An app's backup runs, newest first");
		doc(docs, "GET /api/apps/{app}/retention/preview", "previewRetention", "backups", "VIEWER",
				"Which snapshots retention would keep or delete now");
		doc(docs, "POST /api/apps/{app}/catalog/rebuild", "rebuildCatalog", "backups", "ADMIN",
				"Read the destination and add snapshots the catalog lacks");
		doc(docs, "GET /api/apps/{app}/snapshots", "listSnapshots", "snapshots", "VIEWER",
				"An app's snapshots, newest first");
		doc(docs, "GET /api/snapshots/{id}", "getSnapshot", "snapshots", "VIEWER", "One snapshot");
		doc(docs, "POST /api/snapshots/{id}/verify", "verifySnapshot", "snapshots", "OPERATOR",
				"Read the archive again and check every checksum");
		doc(docs, "POST /api/apps/{app}/restores", "startRestore", "restores", "ADMIN",
				"Restore a snapshot (confirm with the app id), or return the plan with dryRun; by id, or by snapshotName "
						+ "when it exists only off-site; from: local or a target holding a good copy (downloaded and verified first)");
		doc(docs, "GET /api/restores/{id}", "getRestoreRun", "restores", "VIEWER", "One restore run");
		doc(docs, "GET /api/restores/{id}/report", "getRestoreReport", "restores", "VIEWER",
				"The restore report as Markdown, in the language of Accept-Language");
		doc(docs, "GET /api/restores", "listRestoreRuns", "restores", "VIEWER", "Restore history");
		doc(docs, "GET /api/monitors", "listMonitors", "monitors", "VIEWER", "List the monitors");
		doc(docs, "POST /api/monitors", "createMonitor", "monitors", "ADMIN", "Create a monitor");
		doc(docs, "GET /api/monitors/{id}", "getMonitor", "monitors", "VIEWER", "One monitor");
		doc(docs, "PUT /api/monitors/{id}", "updateMonitor", "monitors", "ADMIN", "Change a monitor");
		doc(docs, "DELETE /api/monitors/{id}", "deleteMonitor", "monitors", "ADMIN", "Delete a monitor");
		doc(docs, "POST /api/monitors/{id}/pause", "pauseMonitor", "monitors", "OPERATOR", "Pause a monitor");
		doc(docs, "POST /api/monitors/{id}/resume", "resumeMonitor", "monitors", "OPERATOR", "Resume a monitor");
		doc(docs, "GET /api/monitors/{id}/results", "listMonitorResults", "monitors", "VIEWER",
				"Check results in a time range (default: the last day)");
		doc(docs, "GET /api/monitors/{id}/rollups", "listMonitorRollups", "monitors", "VIEWER",
				"Hourly or daily rollups");
		doc(docs, "GET /api/monitors/{id}/uptime", "getMonitorUptime", "monitors", "VIEWER",
				"Uptime over 24 hours, 7 and 30 days");
		doc(docs, "GET /api/incidents", "listIncidents", "incidents", "VIEWER", "List incidents");
		doc(docs, "GET /api/incidents/{id}", "getIncident", "incidents", "VIEWER", "One incident");
		doc(docs, "POST /api/incidents/{id}/ack", "acknowledgeIncident", "incidents", "OPERATOR",
				"Acknowledge an incident (stops reminders)");
		doc(docs, "GET /api/notifications", "listNotifications", "notifications", "ADMIN",
				"Sent and failed notifications");
		doc(docs, "POST /api/notifications/test", "sendTestNotification", "notifications", "ADMIN",
				"Send a test notification to every channel");
		doc(docs, "GET /api/heartbeat/{token}", "pingHeartbeat", "heartbeats", "PUBLIC",
				"Report a heartbeat; the token in the path is the secret");
		doc(docs, "POST /api/heartbeat/{token}", "pingHeartbeatWithPost", "heartbeats", "PUBLIC",
				"Report a heartbeat (POST)");
		doc(docs, "HEAD /api/heartbeat/{token}", "pingHeartbeatWithHead", "heartbeats", "PUBLIC",
				"Report a heartbeat (HEAD)");
		doc(docs, "GET /api/heartbeat/{token}/fail", "failHeartbeat", "heartbeats", "PUBLIC",
				"Report a failed job run");
		doc(docs, "POST /api/heartbeat/{token}/fail", "failHeartbeatWithPost", "heartbeats", "PUBLIC",
				"Report a failed job run (POST)");
		doc(docs, "GET /api/me", "getCurrentCaller", "account", "VIEWER", "Who is calling, with which role");
		doc(docs, "GET /api/tokens", "listTokens", "account", "VIEWER", "The caller's API tokens");
		doc(docs, "POST /api/tokens", "createToken", "account", "VIEWER",
				"Create an API token; the secret is in this response only");
		doc(docs, "DELETE /api/tokens/{id}", "revokeToken", "account", "VIEWER", "Revoke an API token");
		doc(docs, "GET /api/users", "listUsers", "users", "ADMIN", "List the users");
		doc(docs, "POST /api/users", "createUser", "users", "ADMIN", "Create a user");
		doc(docs, "GET /api/users/{username}", "getUser", "users", "ADMIN", "One user");
		doc(docs, "PUT /api/users/{username}", "updateUser", "users", "ADMIN", "Change a user's role, password or state");
		doc(docs, "DELETE /api/users/{username}", "deleteUser", "users", "ADMIN", "Delete a user");
		doc(docs, "GET /api/audit", "searchAuditEvents", "audit", "ADMIN", "Search the audit log, newest first");
		doc(docs, "GET /api/audit/verify", "verifyAuditChain", "audit", "ADMIN", "Check the audit log's hash chain");
		doc(docs, "POST /api/apps/{app}/drills", "startDrill", "drills", "OPERATOR",
				"Start a restore drill (the snapshot the app's drill settings pick, or {snapshot}); poll Location");
		doc(docs, "GET /api/apps/{app}/drills", "listDrills", "drills", "VIEWER", "An app's drills, newest first");
		doc(docs, "GET /api/drills/{id}", "getDrill", "drills", "VIEWER", "One drill with its steps");
		doc(docs, "GET /api/drills/{id}/report", "getDrillReport", "drills", "VIEWER",
				"The drill report DRL-YYYY-NNN as Markdown, in the language of Accept-Language");
		doc(docs, "GET /api/apps/{app}/recovery", "getRecoveryStatus", "drills", "VIEWER",
				"Proven restorable, overdue drills, and the RTO/RPO objectives against what was measured");
		doc(docs, "GET /api/actions", "listActions", "actions", "VIEWER", "The declared runbook actions");
		doc(docs, "GET /api/actions/{id}", "getAction", "actions", "VIEWER", "One action");
		doc(docs, "GET /api/actions/{id}/runs", "listActionRunsOfAction", "actions", "VIEWER", "An action's runs");
		doc(docs, "POST /api/actions/{id}/runs", "startActionRun", "actions", "OPERATOR",
				"Run an action (its own minimum role applies; typed confirmation when it says confirm)");
		doc(docs, "GET /api/action-runs", "listActionRuns", "actions", "VIEWER", "Action runs, newest first");
		doc(docs, "GET /api/action-runs/{id}", "getActionRun", "actions", "VIEWER", "One action run");
		doc(docs, "GET /api/action-runs/{id}/output", "getActionRunOutput", "actions", "VIEWER",
				"An action run's output (bounded)");
		doc(docs, "GET /api/apps/{app}/action-runs", "listAppActionRuns", "actions", "VIEWER", "An app's action runs");
		doc(docs, "GET /api/checklists", "listChecklists", "checklists", "VIEWER", "The declared checklists");
		doc(docs, "GET /api/checklists/{id}/runs", "listChecklistRuns", "checklists", "VIEWER", "A checklist's runs");
		doc(docs, "GET /api/checklist-runs/{id}", "getChecklistRun", "checklists", "VIEWER", "One checklist run");
		doc(docs, "POST /api/checklist-runs/{id}/items/{item}/sign", "signChecklistItem", "checklists", "OPERATOR",
				"Sign a manual item with an optional comment");
		doc(docs, "GET /api/logs", "listLogSources", "logs", "VIEWER", "The declared log sources");
		doc(docs, "GET /api/logs/{id}", "readLog", "logs", "VIEWER", "The last lines of a log source, searched, secrets masked");
		return docs;
	}

	/** Operations whose success is not a plain 200: operation id to status codes. */
	private static final Map<String, List<String>> SUCCESS = Map.ofEntries(Map.entry("startBackup", List.of("202")),
			Map.entry("startRestore", List.of("200", "202")), Map.entry("sendTestNotification", List.of("202")),
			Map.entry("createMonitor", List.of("201")), Map.entry("createUser", List.of("201")),
			Map.entry("createToken", List.of("201")), Map.entry("deleteMonitor", List.of("204")),
			Map.entry("deleteUser", List.of("204")), Map.entry("revokeToken", List.of("204")),
			Map.entry("startDrill", List.of("202")), Map.entry("startActionRun", List.of("202")));

	private static void doc(Map<String, Doc> docs, String key, String operationId, String tag, String role,
			String summary) {
		docs.put(key, new Doc(operationId, tag, role, summary));
	}

	@Bean
	OpenAPI mamoriOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		return new OpenAPI()
			.info(new Info().title("Mamori API")
				.version((properties != null) ? properties.getVersion() : "dev")
				.description("Backups, restores and monitoring of self-hosted apps. Every operation names the "
						+ "lowest role it needs in x-mamori-role (VIEWER < OPERATOR < ADMIN; PUBLIC needs no login). "
						+ "Errors are RFC 9457 problem details (application/problem+json).")
				.license(new License().name("Apache-2.0").identifier("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes("basic",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("A Mamori user name and password"))
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("An API token created under /api/tokens or on the account page")))
			.security(List.of(new SecurityRequirement().addList("basic"), new SecurityRequirement().addList("bearer")))
			.tags(List.of(tag("apps", "The declared apps (from the configuration file)"),
					tag("backups", "Backup runs, retention and the catalog"),
					tag("snapshots", "Snapshots and their verification"), tag("restores", "Restores and their reports"),
					tag("monitors", "Monitors, results and uptime"), tag("incidents", "Incidents"),
					tag("notifications", "Notifications sent to people"),
					tag("heartbeats", "Pings from cron jobs; no login"),
					tag("account", "The caller and their API tokens"), tag("users", "User management"),
					tag("audit", "The audit log"), tag("drills", "Restore drills and recovery objectives"),
					tag("actions", "Runbook actions declared in the configuration file"),
					tag("checklists", "Recurring checklists and their sign-off"), tag("logs", "Log sources of the apps"),
					tag("webhooks", "Events Mamori sends to mamori.webhooks endpoints (not called on Mamori)")));
	}

	private static Tag tag(String name, String description) {
		return new Tag().name(name).description(description);
	}

	@Bean
	OpenApiCustomizer mamoriOperations() {
		return (openApi) -> {
			openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
			enumerate(openApi, "RunStarted", "status", union(RunStatus.values(), RestoreStatus.values()));
			enumerate(openApi, "SourceView", "type",
					Arrays.stream(SourceType.values()).map((t) -> t.name().toLowerCase()).toList());
			enumerate(openApi, "Me", "authenticatedBy", List.of("PASSWORD", "TOKEN"));
			enumerate(openApi, "VerifyResult", "status", List.of("ok", "broken"));
			enumerate(openApi, "DrillRunView", "status", List.of("RUNNING", "PASSED", "FAILED"));
			enumerate(openApi, "DrillRunView", "trigger", List.of("MANUAL", "SCHEDULE"));
			enumerate(openApi, "Step", "name", List.of("PLAN", "EXTRACT", "STOP_SERVICE", "SWAP", "CHECK",
					"START_SERVICE", "HEALTH_CHECK", "ROLLBACK", "RECOVERY", "PRE_RESTORE_ARCHIVE"));
			enumerate(openApi, "Step", "outcome", List.of("RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"));
			enumerate(openApi, "BackupRunView", "trigger", List.of("MANUAL", "SCHEDULE", "CLI", "PRE_RESTORE"));
			enumerate(openApi, "TokenView", "status", List.of("ACTIVE", "EXPIRED", "REVOKED"));
			enumerate(openApi, "NotificationView", "status", List.of("PENDING", "SENT", "FAILED"));
			enumerate(openApi, "NotificationView", "channel", List.of("EMAIL", "WEBHOOK"));
			enumerate(openApi, "NotificationView", "kind", union(Alert.Kind.values()));
			enumerate(openApi, "Event", "kind", List.of("OPENED", "NOTIFIED", "NOTIFY_FAILED", "REMEDIATION_ATTEMPT",
					"ESCALATED", "ACKNOWLEDGED", "RESOLVED"));
			enumerate(openApi, "Candidate", "status", union(SnapshotStatus.values()));
			enumerate(openApi, "MonitorRequest", "type", List.of("http", "tcp", "certificate", "heartbeat"));
			restoreResponses(openApi);
			webhooks(openApi);
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				Doc doc = OPERATIONS.get(method.name() + " " + path);
				if (doc == null) {
					// Left as springdoc made it; OpenApiDocumentTests names the missing entry.
					return;
				}
				describe(operation, doc);
			}));
		};
	}

	private static void describe(Operation operation, Doc doc) {
		operation.setOperationId(doc.operationId());
		operation.setTags(List.of(doc.tag()));
		operation.setSummary(doc.summary());
		operation.addExtension(ROLE_EXTENSION, doc.role());
		String access = switch (doc.role()) {
			case "PUBLIC" -> "No login needed.";
			case "ADMIN" -> "ADMIN only.";
			default -> "Needs role " + doc.role() + " or higher.";
		};
		operation.setDescription((operation.getDescription() != null) ? operation.getDescription() + "\n\n" + access
				: access);
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		successStatuses(responses, SUCCESS.getOrDefault(doc.operationId(), List.of("200")));
		if ("PUBLIC".equals(doc.role())) {
			operation.setSecurity(List.of());
			problem(responses, "404", "Unknown token");
		}
		else {
			problem(responses, "401", "No valid credentials");
			problem(responses, "403", "The caller's role is too low");
			problem(responses, "400", "Invalid input; errors names the fields");
			problem(responses, "404", "Not found");
			if (operation.getRequestBody() != null) {
				problem(responses, "413", "Request body too large");
			}
			if (doc.operationId().startsWith("start") || doc.operationId().startsWith("create")
					|| doc.operationId().equals("rebuildCatalog") || doc.operationId().equals("verifySnapshot")) {
				problem(responses, "409", "Conflicts with the current state (for example a run already under way)");
			}
		}
		operation.setResponses(responses);
	}

	/** Springdoc cannot see the status a ResponseEntity is built with; the table says it. */
	private static void successStatuses(ApiResponses responses, List<String> statuses) {
		ApiResponse ok = responses.get("200");
		if (ok == null || statuses.equals(List.of("200"))) {
			return;
		}
		if (!statuses.contains("200")) {
			responses.remove("200");
		}
		for (String status : statuses) {
			if (status.equals("200")) {
				continue;
			}
			ApiResponse response = new ApiResponse().description(switch (status) {
				case "201" -> "Created; Location names the new resource";
				case "202" -> "Accepted and under way; Location names the run to poll";
				default -> "Done; no content";
			});
			if (!status.equals("204")) {
				response.content(ok.getContent())
					.addHeaderObject("Location", new io.swagger.v3.oas.models.headers.Header()
						.schema(new Schema<>().types(Set.of("string")).format("uri-reference")));
			}
			responses.addApiResponse(status, response);
		}
	}

	private static void problem(ApiResponses responses, String status, String description) {
		if (responses.containsKey(status)) {
			return;
		}
		responses.addApiResponse(status, new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)))));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", new Schema<>().types(Set.of("string")).format("uri-reference")
			.description("A URI for the kind of problem; about:blank when only the status says it"));
		properties.put("title", new Schema<>().types(Set.of("string")).description("A short summary"));
		properties.put("status", new Schema<>().types(Set.of("integer")).format("int32").description("The HTTP status"));
		properties.put("detail", new Schema<>().types(Set.of("string")).description("What went wrong, for people"));
		properties.put("instance", new Schema<>().types(Set.of("string")).format("uri-reference")
			.description("The request path"));
		Schema fieldError = new Schema<>().types(Set.of("object"))
			.addProperty("field", new Schema<>().types(Set.of("string")))
			.addProperty("message", new Schema<>().types(Set.of("string")));
		properties.put("errors", new Schema<>().types(Set.of("array")).items(fieldError)
			.description("For 400: each invalid field with its message"));
		properties.put("runningRunId", new Schema<>().types(Set.of("integer")).format("int64")
			.description("For 409 on a second backup: the run already under way"));
		return new Schema<>().types(Set.of("object"))
			.description("RFC 9457 problem details, sent as application/problem+json")
			.properties(properties);
	}

	/**
	 * The outgoing event webhooks (OpenAPI 3.1 {@code webhooks}): the {@code WebhookEvent} envelope
	 * and the data of each type, so receivers can be generated like clients.
	 */
	@SuppressWarnings("rawtypes")
	private static void webhooks(OpenAPI openApi) {
		for (Class<?> type : List.of(WebhookEvent.class, WebhookData.Backup.class, WebhookData.Restore.class,
				WebhookData.Incident.class, WebhookData.Drill.class, WebhookData.Copy.class)) {
			Map<String, Schema> schemas = ModelConverters.getInstance(true)
				.readAll(new AnnotatedType(type).resolveAsRef(true));
			schemas.forEach((name, schema) -> openApi.getComponents()
				.addSchemas(type.getEnclosingClass() == WebhookData.class ? "Webhook" + name + "Data" : name, schema));
		}
		Schema<?> event = openApi.getComponents().getSchemas().get("WebhookEvent");
		if (event != null && event.getProperties() != null) {
			event.setDescription("The body of a json event webhook. X-Mamori-Signature-256: sha256=<hex HMAC-SHA256 "
					+ "of the raw body with the endpoint's secret>; X-Mamori-Event: the type; X-Mamori-Delivery: the id.");
			Schema<?> data = new Schema<>().oneOf(List.of(new Schema<>().$ref("#/components/schemas/WebhookBackupData"),
					new Schema<>().$ref("#/components/schemas/WebhookRestoreData"),
					new Schema<>().$ref("#/components/schemas/WebhookIncidentData"),
					new Schema<>().$ref("#/components/schemas/WebhookDrillData"),
					new Schema<>().$ref("#/components/schemas/WebhookCopyData")));
			event.getProperties().put("data", data);
			((Schema) event.getProperties().get("type")).setEnum(new ArrayList<>(WebhookTypes.all()));
		}
		for (String type : WebhookTypes.all()) {
			Operation post = new Operation().operationId("webhook" + camel(type))
				.summary("Sent to mamori.webhooks endpoints that listen for " + type)
				.tags(List.of("webhooks"))
				.requestBody(new io.swagger.v3.oas.models.parameters.RequestBody().required(true)
					.content(new Content().addMediaType("application/json",
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/WebhookEvent")))))
				.responses(new ApiResponses().addApiResponse("200",
						new ApiResponse().description("Any 2xx ends the delivery; anything else is retried")));
			openApi.addWebhooks(type, new PathItem().post(post));
		}
	}

	private static String camel(String type) {
		StringBuilder name = new StringBuilder();
		for (String part : type.split("\\.")) {
			name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return name.toString();
	}

	/** A restore answers 200 with the plan for a dry run and 202 with the run otherwise. */
	@SuppressWarnings("rawtypes")
	private static void restoreResponses(OpenAPI openApi) {
		PathItem item = (openApi.getPaths() != null) ? openApi.getPaths().get("/api/apps/{app}/restores") : null;
		if (item == null || item.getPost() == null || item.getPost().getResponses() == null) {
			return;
		}
		Map<String, Schema> plan = ModelConverters.getInstance(true)
			.readAll(new AnnotatedType(RestorePlan.class).resolveAsRef(true));
		plan.forEach(openApi.getComponents()::addSchemas);
		ApiResponses responses = item.getPost().getResponses();
		setSchema(responses.get("200"), "#/components/schemas/" + RestorePlan.class.getSimpleName());
		setSchema(responses.get("202"), "#/components/schemas/RunStarted");
	}

	private static void setSchema(ApiResponse response, String ref) {
		if (response != null) {
			response.content(new Content().addMediaType("application/json",
					new MediaType().schema(new Schema<>().$ref(ref))));
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void enumerate(OpenAPI openApi, String schemaName, String property, List<String> values) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		Schema schema = (schemas != null) ? schemas.get(schemaName) : null;
		if (schema == null || schema.getProperties() == null) {
			return;
		}
		Schema field = (Schema) schema.getProperties().get(property);
		if (field != null) {
			field.setEnum(new ArrayList<>(values));
		}
	}

	private static List<String> union(Enum<?>[]... values) {
		Set<String> names = new TreeSet<>();
		for (Enum<?>[] set : values) {
			Arrays.stream(set).map(Enum::name).forEach(names::add);
		}
		return List.copyOf(names);
	}

	/**
	 * @param operationId the stable operation id for generated clients
	 * @param tag the one tag it is listed under
	 * @param role the lowest role allowed: VIEWER, OPERATOR, ADMIN or PUBLIC
	 * @param summary one line
	 */
	record Doc(String operationId, String tag, String role, String summary) {
	}


}
