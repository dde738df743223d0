package dev.mamori.web.violation.child;

import dev.mamori.web.violation.ParentSettings;

/**
 * Stands in for a sub-package class that reaches up to its parent for properties, in the cycle
 * rule's negative test.
 */
public class ChildReachingUp {

	public int limit(ParentSettings settings) {
		return settings.limit();
	}

}
