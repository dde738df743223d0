package dev.mamori.web.api;

import java.time.Instant;

import dev.mamori.backup.AppNotFoundException;
import dev.mamori.backup.BackupBusyException;
import dev.mamori.backup.BackupRunView;
import dev.mamori.backup.BackupService;
import dev.mamori.backup.RunStatus;
import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.user.InvalidUserException;
import dev.mamori.core.user.UserConflictException;
import dev.mamori.core.user.UserNotFoundException;
import dev.mamori.core.user.UserService;
import dev.mamori.monitor.MonitorNotFoundException;
import dev.mamori.monitor.MonitorService;
import dev.mamori.web.security.WebSlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * The API as an adapter: domain exceptions become problem details, handlers get the acting user,
 * and the filter chain enforces the roles, with the services as test doubles. The full application
 * tests in {@code ops-app} cover the same endpoints end to end.
 */
@WebMvcTest(controllers = { MonitorApiController.class, BackupApiController.class, UserApiController.class,
		MeApiController.class })
@WebSlice
class ApiSliceTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	MonitorService monitors;

	@MockitoBean
	BackupService backups;

	@Autowired
	UserService users;

	@Test
	void aMissingMonitorIsANotFoundProblem() {
		given(this.monitors.get(7, false)).willThrow(new MonitorNotFoundException("7"));
		assertThat(this.mvc.get().uri("/api/monitors/7").with(as("vera", "VIEWER"))).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.title", (title) -> assertThat(title).asString().isEqualTo("Not found"))
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().isEqualTo("No monitor 7"))
			.hasPathSatisfying("$.status", (status) -> assertThat(status).asNumber().isEqualTo(404));
	}

	@Test
	void everyNotFoundExceptionOfTheDomainIsANotFoundProblem() {
		given(this.users.get("ghost")).willThrow(new UserNotFoundException("ghost"));
		assertThat(this.mvc.get().uri("/api/users/ghost").with(as("ada", "ADMIN"))).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().isEqualTo("No user named 'ghost'"));
		given(this.backups.start(eq("nope"), eq("MANUAL"), any())).willThrow(new AppNotFoundException("nope"));
		assertThat(this.mvc.post().uri("/api/apps/nope/backups").with(as("olga", "OPERATOR")))
			.hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.hasPathSatisfying("$.title", (title) -> assertThat(title).asString().isEqualTo("Not found"));
	}

	@Test
	void aConflictIsAConflictProblemWithItsOwnTitleAndMembers() {
		given(this.backups.start(eq("shop"), eq("MANUAL"), any()))
			.willThrow(new BackupBusyException("shop", "restore", 12L));
		assertThat(this.mvc.post().uri("/api/apps/shop/backups").with(as("olga", "OPERATOR")))
			.hasStatus(HttpStatus.CONFLICT)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.title", (title) -> assertThat(title).asString().isEqualTo("Already running"))
			.hasPathSatisfying("$.runningRunId", (id) -> assertThat(id).asNumber().isEqualTo(12))
			.hasPathSatisfying("$.running", (running) -> assertThat(running).asString().isEqualTo("restore"));
		given(this.users.create(any(), eq("bob"), anyString(), eq(Role.VIEWER)))
			.willThrow(new UserConflictException("A user named 'bob' already exists"));
		assertThat(this.mvc.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"bob\",\"password\":\"long enough\",\"role\":\"VIEWER\"}")
			.with(as("ada", "ADMIN"))).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.hasPathSatisfying("$.title", (title) -> assertThat(title).asString().isEqualTo("Conflict"))
			.hasPathSatisfying("$.detail",
					(detail) -> assertThat(detail).asString().isEqualTo("A user named 'bob' already exists"));
	}

	@Test
	void anInvalidFieldIsABadRequestProblemNamingTheField() {
		given(this.users.update(any(), eq("bob"), eq(Role.ADMIN), any(), any()))
			.willThrow(new InvalidUserException("role", "you cannot grant a role above your own"));
		assertThat(this.mvc.put()
			.uri("/api/users/bob")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"role\":\"ADMIN\"}")
			.with(as("ada", "ADMIN"))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.title", (title) -> assertThat(title).asString().isEqualTo("Invalid request"))
			.hasPathSatisfying("$.errors[0].field", (field) -> assertThat(field).asString().isEqualTo("role"))
			.hasPathSatisfying("$.errors[0].message",
					(message) -> assertThat(message).asString().isEqualTo("you cannot grant a role above your own"));
	}

	@Test
	void handlersReceiveTheActingUserWithTheClientAddress() {
		given(this.backups.start(eq("shop"), eq("MANUAL"), any())).willReturn(run(41));
		assertThat(this.mvc.post().uri("/api/apps/shop/backups").with(as("olga", "OPERATOR")).with((request) -> {
			request.setRemoteAddr("203.0.113.9");
			return request;
		})).hasStatus(HttpStatus.ACCEPTED);
		then(this.backups).should().start("shop", "MANUAL", new Actor(Actor.Type.USER, "olga", "203.0.113.9"));
	}

	@Test
	void theCurrentCallerCarriesTheRoleTheCallActsWith() {
		assertThat(this.mvc.get().uri("/api/me").with(as("olga", "OPERATOR"))).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.username", (name) -> assertThat(name).asString().isEqualTo("olga"))
			.hasPathSatisfying("$.role", (role) -> assertThat(role).asString().isEqualTo("OPERATOR"))
			.hasPathSatisfying("$.authenticatedBy", (by) -> assertThat(by).asString().isEqualTo("PASSWORD"));
		// Only an ADMIN gets the heartbeat paths (secrets) of the monitors.
		this.mvc.get().uri("/api/monitors").with(as("olga", "OPERATOR")).exchange();
		then(this.monitors).should().list(false);
		this.mvc.get().uri("/api/monitors").with(as("ada", "ADMIN")).exchange();
		then(this.monitors).should().list(true);
	}

	@Test
	void aViewerReadsButStartsNothing() {
		assertThat(this.mvc.get().uri("/api/monitors").with(as("vera", "VIEWER"))).hasStatusOk();
		assertThat(this.mvc.post().uri("/api/apps/shop/backups").with(as("vera", "VIEWER")))
			.hasStatus(HttpStatus.FORBIDDEN)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.post().uri("/api/monitors/5/pause").with(as("vera", "VIEWER")))
			.hasStatus(HttpStatus.FORBIDDEN);
		then(this.backups).should(never()).start(anyString(), anyString(), any());
		then(this.monitors).should(never()).setPaused(anyLong(), anyBoolean(), any());
	}

	@Test
	void anOperatorRunsBackupsButDoesNotAdministerUsersOrTheCatalog() {
		given(this.backups.start(eq("shop"), eq("MANUAL"), any())).willReturn(run(42));
		assertThat(this.mvc.post().uri("/api/apps/shop/backups").with(as("olga", "OPERATOR")))
			.hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.mvc.post().uri("/api/apps/shop/catalog/rebuild").with(as("olga", "OPERATOR")))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.get().uri("/api/users").with(as("olga", "OPERATOR"))).hasStatus(HttpStatus.FORBIDDEN);
		then(this.backups).should(never()).rebuildCatalog(anyString(), any());
	}

	@Test
	void anAdminDoesWhatAnOperatorDoesAndAdministers() {
		given(this.backups.start(eq("shop"), eq("MANUAL"), any())).willReturn(run(43));
		assertThat(this.mvc.post().uri("/api/apps/shop/backups").with(as("ada", "ADMIN")))
			.hasStatus(HttpStatus.ACCEPTED);
		assertThat(this.mvc.post().uri("/api/apps/shop/catalog/rebuild").with(as("ada", "ADMIN"))).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/users").with(as("ada", "ADMIN"))).hasStatusOk();
		then(this.backups).should().rebuildCatalog(eq("shop"), any());
	}

	@Test
	void anAnonymousCallerIsAskedToAuthenticateWithAProblem() {
		assertThat(this.mvc.get().uri("/api/monitors")).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.monitors).should(never()).list(anyBoolean());
	}

	private static RequestPostProcessor as(String username, String role) {
		return user(username).roles(role);
	}

	private static BackupRunView run(long id) {
		return new BackupRunView(id, "shop", "MANUAL", null, RunStatus.RUNNING, "olga", Instant.parse("2026-03-01T10:00:00Z"),
				null, 0, 0, null, null);
	}

}
