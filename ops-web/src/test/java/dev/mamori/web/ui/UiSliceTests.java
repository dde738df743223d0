package dev.mamori.web.ui;

import dev.mamori.core.Actor;
import dev.mamori.monitor.MonitorConflictException;
import dev.mamori.monitor.MonitorNotFoundException;
import dev.mamori.monitor.MonitorService;
import dev.mamori.web.security.WebSlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/**
 * The pages as an adapter: the roles of the page chain, the acting user handed to the service, and
 * the error page chosen for the domain's exception base types; the monitor service is a test double.
 */
@WebMvcTest(MonitorPagesController.class)
@WebSlice
class UiSliceTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	MonitorService monitors;

	@Test
	void anOperatorPausesAMonitorAsThemselves() {
		assertThat(this.mvc.post().uri("/monitors/3/pause").with(as("olga", "OPERATOR")).with(csrf()).with((request) -> {
			request.setRemoteAddr("198.51.100.4");
			return request;
		})).hasStatus(HttpStatus.FOUND).hasRedirectedUrl("/monitors/3");
		then(this.monitors).should().setPaused(3, true, new Actor(Actor.Type.USER, "olga", "198.51.100.4"));
	}

	@Test
	void aViewerCannotPauseAndAnOperatorCannotDelete() {
		assertThat(this.mvc.post().uri("/monitors/3/pause").with(as("vera", "VIEWER")).with(csrf()))
			.hasStatus(HttpStatus.FORBIDDEN);
		assertThat(this.mvc.post().uri("/monitors/3/delete").with(as("olga", "OPERATOR")).with(csrf()))
			.hasStatus(HttpStatus.FORBIDDEN);
		then(this.monitors).should(never()).setPaused(anyLong(), anyBoolean(), any());
		then(this.monitors).should(never()).delete(anyLong(), any());
	}

	@Test
	void aPageChangeWithoutTheCsrfTokenIsRefused() {
		assertThat(this.mvc.post().uri("/monitors/3/pause").with(as("ada", "ADMIN"))).hasStatus(HttpStatus.FORBIDDEN);
		then(this.monitors).should(never()).setPaused(anyLong(), anyBoolean(), any());
	}

	@Test
	void aMissingMonitorShowsTheNotFoundPage() {
		given(this.monitors.get(9, false)).willThrow(new MonitorNotFoundException("9"));
		assertThat(this.mvc.post().uri("/monitors/9/delete").with(as("ada", "ADMIN")).with(csrf()))
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasViewName("error/4xx")
			.model()
			.containsEntry("status", 404);
	}

	@Test
	void aRefusedChangeShowsTheConflictPageWithTheReason() {
		willThrow(new MonitorConflictException("Monitors from mamori.yml are changed in mamori.yml")).given(this.monitors)
			.setPaused(eq(4L), eq(false), any());
		assertThat(this.mvc.post().uri("/monitors/4/resume").with(as("olga", "OPERATOR")).with(csrf()))
			.hasStatus(HttpStatus.CONFLICT)
			.hasViewName("error/4xx")
			.model()
			.containsEntry("status", 409)
			.containsEntry("message", "Monitors from mamori.yml are changed in mamori.yml");
	}

	private static RequestPostProcessor as(String username, String role) {
		return user(username).roles(role);
	}

}
