package dev.mamori.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote CLI's connection to a running Mamori: the JDK HTTP client, a bearer token and JSON.
 * Plain Java on purpose: a remote command starts in well under a second because nothing of Spring is
 * loaded. The token comes from {@code MAMORI_TOKEN} or a file, never from an argument, which anyone
 * on the machine could read in the process list.
 */
final class RemoteClient {

	/** The environment variable holding the API token. */
	static final String TOKEN_ENV = "MAMORI_TOKEN";

	/** The environment variable holding the server's address when {@code --server} is left out. */
	static final String SERVER_ENV = "MAMORI_SERVER";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final URI server;

	private final String token;

	private final RemoteMessages messages;

	private final HttpClient http;

	private RemoteClient(URI server, String token, RemoteMessages messages) {
		this.server = server;
		this.token = token;
		this.messages = messages;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * @param server {@code --server}, or {@code null} for {@code MAMORI_SERVER}
	 * @param tokenFile {@code --token-file}, or {@code null} for {@code MAMORI_TOKEN}
	 * @param environment the process environment
	 * @param messages the messages in the user's language
	 * @return the client
	 * @throws RemoteException with a message for the user when something is missing or wrong
	 */
	static RemoteClient connect(String server, Path tokenFile, Map<String, String> environment,
			RemoteMessages messages) {
		String address = (server != null) ? server : environment.get(SERVER_ENV);
		if (address == null || address.isBlank()) {
			throw new RemoteException(messages.get("error.noServer"));
		}
		return new RemoteClient(serverUri(address.strip(), messages), token(tokenFile, environment, messages),
				messages);
	}

	private static URI serverUri(String address, RemoteMessages messages) {
		try {
			URI uri = new URI(address.endsWith("/") ? address.substring(0, address.length() - 1) : address);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
				throw new RemoteException(messages.get("error.badServer", address));
			}
			if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
				// A password in the URL would sit in the process list like a token argument.
				throw new RemoteException(messages.get("error.serverCredentials"));
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new RemoteException(messages.get("error.badServer", address));
		}
	}

	private static String token(Path tokenFile, Map<String, String> environment, RemoteMessages messages) {
		String token;
		if (tokenFile != null) {
			try {
				if (Files.size(tokenFile) > 4096) {
					throw new RemoteException(messages.get("error.tokenFile", tokenFile, "larger than 4 KiB"));
				}
				token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new RemoteException(messages.get("error.tokenFile", tokenFile, ex.getClass().getSimpleName()));
			}
		}
		else {
			token = environment.get(TOKEN_ENV);
		}
		if (token == null || token.isBlank()) {
			throw new RemoteException(messages.get("error.noToken"));
		}
		token = token.strip();
		if (token.chars().anyMatch((c) -> c < 0x21 || c > 0x7e)) {
			throw new RemoteException(messages.get("error.tokenFile", (tokenFile != null) ? tokenFile : TOKEN_ENV,
					"not a token"));
		}
		return token;
	}

	JsonNode get(String path) {
		return send("GET", path, null);
	}

	JsonNode post(String path, Object body) {
		return send("POST", path, (body != null) ? json.writeValueAsString(body) : "{}");
	}

	private JsonNode send(String method, String path, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.server + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "application/json")
			.header("Accept-Language", this.messages.locale().toLanguageTag())
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException ex) {
			throw new RemoteException(this.messages.get("error.unreachable", this.server, "connection refused"));
		}
		catch (IOException ex) {
			throw new RemoteException(this.messages.get("error.unreachable", this.server,
					(ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RemoteException(this.messages.get("error.interrupted"));
		}
		int status = response.statusCode();
		if (status == 401) {
			throw new RemoteException(this.messages.get("error.unauthorized"));
		}
		if (status == 403) {
			throw new RemoteException(this.messages.get("error.forbidden", method + " " + path));
		}
		if (status < 200 || status > 299) {
			throw new RemoteException(this.messages.get("error.http", method + " " + path, status, detail(response)));
		}
		try {
			return json.readTree(response.body().isEmpty() ? "null" : response.body());
		}
		catch (JacksonException ex) {
			throw new RemoteException(this.messages.get("error.http", method + " " + path, status, "not JSON"));
		}
	}

	private static String detail(HttpResponse<String> response) {
		try {
			JsonNode problem = json.readTree(response.body());
			if (problem != null && problem.hasNonNull("detail")) {
				return problem.get("detail").asString();
			}
		}
		catch (JacksonException ex) {
			// Not a problem document: fall through.
		}
		String body = response.body().strip();
		return (body.length() > 200) ? body.substring(0, 200) + "…" : body;
	}

	URI server() {
		return this.server;
	}

	/** A failure to tell the user in one line; the command exits with 1. */
	static final class RemoteException extends RuntimeException {

		RemoteException(String message) {
			super(message);
		}

	}

}
