package dev.mamori.core;

/**
 * What a user or token may do. Each role includes everything the roles below it may do:
 * {@code ADMIN > OPERATOR > VIEWER}.
 */
public enum Role {

	/** Reads everything that is not a secret. */
	VIEWER,

	/** Also starts backups and verifications, acknowledges incidents, pauses monitors. */
	OPERATOR,

	/** Also restores, and manages users, tokens and monitors. */
	ADMIN;

	/**
	 * Whether this role includes everything {@code other} may do.
	 * @param other the role to compare with
	 * @return {@code true} when this role is the same as or higher than {@code other}
	 */
	public boolean includes(Role other) {
		return compareTo(other) >= 0;
	}

	/**
	 * The lower of two roles.
	 * @param a one role
	 * @param b another role
	 * @return the role with fewer rights
	 */
	public static Role lower(Role a, Role b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

}
