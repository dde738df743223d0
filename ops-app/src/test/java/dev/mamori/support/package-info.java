/**
 * Helpers for Mamori's integration tests: an HTTP client for the running server, the test clock,
 * known users per role.
 */
package dev.mamori.support;
