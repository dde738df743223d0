/**
 * The base types of the domain exceptions (not found, conflict, invalid input) that the web layer
 * maps once each to a status code, whatever module threw them.
 */
package dev.mamori.core.error;
