/**
 * Shared value types of Mamori: roles, actors and the clock every module agrees on.
 */
package dev.mamori.core;
