package dev.mamori.core;

import java.util.Objects;

/**
 * Who did something: a user logged in with a password, a user acting through an API token, Mamori
 * itself (schedules, startup), or an anonymous caller (failed logins, heartbeats).
 *
 * @param type how the actor was authenticated
 * @param name the username, or {@code system} / {@code anonymous}
 * @param remoteAddress the client address, or {@code null} when there is no request
 */
public record Actor(Type type, String name, String remoteAddress) {

	/** Mamori itself: scheduled jobs and startup tasks. */
	public static final Actor SYSTEM = new Actor(Type.SYSTEM, "system", null);

	public Actor {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(name, "name");
	}

	/**
	 * A user acting with a password (form login or HTTP Basic).
	 * @param username the username
	 * @param remoteAddress the client address
	 * @return the actor
	 */
	public static Actor user(String username, String remoteAddress) {
		return new Actor(Type.USER, username, remoteAddress);
	}

	/** How an actor was authenticated. */
	public enum Type {

		/** A user with a password. */
		USER,

		/** A user through one of their API tokens. */
		TOKEN,

		/** Mamori itself. */
		SYSTEM,

		/** Nobody authenticated. */
		ANONYMOUS

	}

}
