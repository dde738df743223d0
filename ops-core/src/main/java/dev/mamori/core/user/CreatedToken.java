package dev.mamori.core.user;

/**
 * A token just created: the only time its secret is available.
 *
 * @param token the stored token
 * @param secret the bearer secret; Mamori keeps only its hash
 */
public record CreatedToken(TokenView token, String secret) {

	@Override
	public String toString() {
		return "CreatedToken[token=" + this.token + "]";
	}

}
