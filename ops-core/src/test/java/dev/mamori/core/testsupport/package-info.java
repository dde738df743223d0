/**
 * Test support shared by every module: real PostgreSQL servers and the conditions that skip or
 * require them.
 */
package dev.mamori.core.testsupport;
