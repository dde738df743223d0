/**
 * Recurring checklists: declared items (automatic ones decided by a monitor, a backup's freshness or
 * an action's run; manual ones signed with a comment), one run per period, overdue alerts once.
 */
package dev.mamori.monitor.checklist;
