package dev.mamori.web.violation;

import dev.mamori.web.violation.child.ChildReachingUp;

/**
 * Stands in for a parent package's properties that a sub-package reads while the parent uses the
 * sub-package, in the cycle rule's negative test.
 */
public record ParentSettings(int limit, ChildReachingUp child) {

}
