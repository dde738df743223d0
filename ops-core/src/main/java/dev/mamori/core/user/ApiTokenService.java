package dev.mamori.core.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mamori.core.Actor;
import dev.mamori.core.Role;
import dev.mamori.core.audit.AuditLog;
import dev.mamori.core.audit.AuditOutcome;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: a user creates them for themself with a role no higher than their own. The secret is
 * 256 random bits shown once; only its SHA-256 is stored (a slow hash adds nothing for a secret
 * that cannot be guessed, and lookups stay one indexed query).
 */
@Service
public class ApiTokenService {

	/** Every Mamori token starts with this, so secret scanners and people recognise it. */
	public static final String SECRET_PREFIX = "mmr_";

	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private final ApiTokenRepository tokens;

	private final UserAccountRepository users;

	private final AuditLog audit;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiTokenService(ApiTokenRepository tokens, UserAccountRepository users, AuditLog audit, Clock clock) {
		this.tokens = tokens;
		this.users = users;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Creates a token for the acting user.
	 * @param actor the user (or token) asking; the token belongs to {@code actor.name()}
	 * @param actorRole the role the actor acts with now; the token's role may not be higher
	 * @param name a label, 1 to 100 characters
	 * @param role the token's role, or {@code null} for {@code actorRole}
	 * @param scope what the token is for, or {@code null} for {@link TokenScope#API}
	 * @param expiresAt when it stops working, or {@code null} for never
	 * @return the token and its secret, which is not kept
	 */
	@Transactional
	public CreatedToken create(Actor actor, Role actorRole, String name, Role role, TokenScope scope,
			Instant expiresAt) {
		if (name == null || name.isBlank() || name.length() > 100) {
			throw new InvalidUserException("name", "name is required, at most 100 characters");
		}
		Role tokenRole = (role != null) ? role : actorRole;
		if (!actorRole.includes(tokenRole)) {
			throw new InvalidUserException("role",
					"role " + tokenRole + " is higher than your own role " + actorRole);
		}
		TokenScope tokenScope = (scope != null) ? scope : TokenScope.API;
		if (tokenScope == TokenScope.METRICS && actorRole != Role.ADMIN) {
			throw new InvalidUserException("scope", "only an ADMIN may create a METRICS token");
		}
		Instant now = this.clock.instant();
		// Whole seconds: databases round sub-microsecond parts differently, and the boundary must hold.
		expiresAt = (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.SECONDS) : null;
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw new InvalidUserException("expiresAt", "expiresAt must be in the future");
		}
		UserAccount owner = this.users.findByUsername(actor.name())
			.orElseThrow(() -> new UserNotFoundException(actor.name()));
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		ApiToken token = this.tokens.saveAndFlush(new ApiToken(owner, name.strip(), hash(secret),
				secret.substring(0, SECRET_PREFIX.length() + 6), tokenRole, tokenScope, now, expiresAt));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("tokenId", token.getId());
		details.put("name", token.getName());
		details.put("role", tokenRole.name());
		details.put("scope", tokenScope.name());
		details.put("expiresAt", (expiresAt != null) ? expiresAt.toString() : "never");
		this.audit.record(actor, "TOKEN_CREATED", actor.name(), AuditOutcome.SUCCESS, details);
		return new CreatedToken(token.toView(now), secret);
	}

	/**
	 * @param username the owner
	 * @return the owner's tokens, active, expired and revoked
	 */
	@Transactional(readOnly = true)
	public List<TokenView> list(String username) {
		Instant now = this.clock.instant();
		return this.tokens.findByUserUsernameOrderByIdAsc(username).stream().map((t) -> t.toView(now)).toList();
	}

	/**
	 * Revokes a token at once.
	 * @param actor who asks
	 * @param actorIsAdmin whether the actor may revoke other users' tokens
	 * @param id the token's id
	 */
	@Transactional
	public void revoke(Actor actor, boolean actorIsAdmin, long id) {
		ApiToken token = this.tokens.findById(id)
			.filter((t) -> actorIsAdmin || t.getUser().getUsername().equals(actor.name()))
			.orElseThrow(() -> new TokenNotFoundException(id));
		if (token.getRevokedAt() == null) {
			token.revoke(this.clock.instant());
		}
		this.audit.record(actor, "TOKEN_REVOKED", token.getUser().getUsername(), AuditOutcome.SUCCESS,
				Map.of("tokenId", id, "name", token.getName()));
	}

	/**
	 * Looks up a bearer secret.
	 * @param secret what the client sent
	 * @return who it acts for, when it exists, is not revoked or expired and its owner is enabled
	 */
	@Transactional
	public Optional<TokenPrincipal> authenticate(String secret) {
		if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.tokens.findByTokenHash(hash(secret)).filter((t) -> t.isUsableAt(now)).map((t) -> {
			// Writing on every request would turn reads into writes; a minute is precise enough.
			if (t.getLastUsedAt() == null || t.getLastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
				t.used(now);
			}
			return new TokenPrincipal(t.getId(), t.getName(), t.getUser().getUsername(),
					Role.lower(t.getRole(), t.getUser().getRole()), t.getScope());
		});
	}

	static String hash(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java runtime", ex);
		}
	}

}
