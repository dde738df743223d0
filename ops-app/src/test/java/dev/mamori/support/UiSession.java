package dev.mamori.support;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A logged-in web UI session without a browser: cookies, the login form and the CSRF token a page
 * carries, so tests can post forms exactly as a browser would (and as a browser whose buttons are
 * hidden could still try to).
 */
public final class UiSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final Http http;

	private String csrf;

	private UiSession(Http http) {
		this.http = http;
	}

	/**
	 * @param port the server's port
	 * @param username who logs in
	 * @param password the password
	 * @param language the {@code Accept-Language} to send
	 * @return the session after a successful login
	 */
	public static UiSession login(int port, String username, String password, String language) {
		UiSession session = new UiSession(Http.withCookies(port));
		String page = session.http.get("/login", null, "Accept-Language", language).body();
		Http.Response response = session.http.postForm("/login",
				Map.of("username", username, "password", password, "_csrf", csrf(page)), "Accept-Language", language);
		assertThat(response.status()).as("login of " + username).isEqualTo(302);
		assertThat(response.header("Location")).as("login of " + username).doesNotContain("error");
		session.csrf = csrf(session.http.get("/", null, "Accept-Language", language).body());
		return session;
	}

	public Http.Response get(String path, String language) {
		return this.http.get(path, null, "Accept-Language", language, "Accept", "text/html");
	}

	/**
	 * Posts a form with this session's CSRF token.
	 * @param path the action
	 * @param fields the fields, without the token
	 * @param language the {@code Accept-Language} to send
	 * @return the response, redirects not followed
	 */
	public Http.Response post(String path, Map<String, String> fields, String language) {
		Map<String, String> form = new HashMap<>(fields);
		form.put("_csrf", this.csrf);
		return this.http.postForm(path, form, "Accept-Language", language, "Accept", "text/html");
	}

	/**
	 * Posts without the CSRF token, as a forged cross-site form would.
	 * @param path the action
	 * @return the response
	 */
	public Http.Response postWithoutToken(String path) {
		return this.http.postForm(path, Map.of(), "Accept", "text/html");
	}

	public static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return matcher.group(1);
	}

}
