/**
 * The append-only, hash-chained audit log that every module writes state changes into.
 */
package dev.mamori.core.audit;
