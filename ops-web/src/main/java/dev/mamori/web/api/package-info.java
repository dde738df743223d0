/**
 * The REST API under {@code /api}: JSON in and out, RFC 9457 problem details on errors.
 */
package dev.mamori.web.api;
