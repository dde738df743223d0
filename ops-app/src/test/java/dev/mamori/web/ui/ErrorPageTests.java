package dev.mamori.web.ui;

import dev.mamori.core.Role;
import dev.mamori.core.user.UserService;
import dev.mamori.support.Http;
import dev.mamori.support.RoleUsers;
import dev.mamori.support.UiSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.GetMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unexpected failure in a page, a missing page and a malformed request get Mamori's own error
 * pages in the viewer's language: never a stack trace or the whitelabel page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(ErrorPageTests.FailingPage.class)
class ErrorPageTests {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Test
	void aFailingPageShowsTheServerErrorPageInBothLanguages() {
		UiSession session = viewer();
		for (String[] language : new String[][] { { "en", "Something went wrong on the server." },
				{ "ja", "サーバーで問題が発生しました。" } }) {
			Http.Response response = session.get("/test-only/fails", language[0]);
			assertThat(response.status()).isEqualTo(500);
			assertThat(response.body()).contains(language[1])
				.doesNotContain("IllegalStateException")
				.doesNotContain("database password is hunter2")
				.doesNotContain("at dev.mamori")
				.doesNotContain("Whitelabel");
		}
	}

	@Test
	void aMissingPageAndAMalformedRequestHaveTheirOwnPages() {
		UiSession session = viewer();
		Http.Response missing = session.get("/no-such-page", "en");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body()).contains("This page does not exist.");
		Http.Response malformed = session.get("/monitors/not-a-number", "ja");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.body()).contains("リクエストを理解できませんでした").doesNotContain("NumberFormatException");
		Http.Response badDate = session.get("/incidents/abc", "en");
		assertThat(badDate.status()).isEqualTo(400);
		assertThat(badDate.body()).contains("The request was not understood");
	}

	private UiSession viewer() {
		RoleUsers.ensure(this.users, Role.VIEWER);
		return UiSession.login(this.port, RoleUsers.username(Role.VIEWER), RoleUsers.password(Role.VIEWER), "en");
	}

	/** A page that fails the way a bug would, with a secret in its message. */
	@Controller
	static class FailingPage {

		@GetMapping("/test-only/fails")
		String fails() {
			throw new IllegalStateException("database password is hunter2");
		}

	}

}
