/**
 * Local users with hashed passwords, their API tokens (stored only as hashes) and the failed-login
 * throttle.
 */
package dev.mamori.core.user;
