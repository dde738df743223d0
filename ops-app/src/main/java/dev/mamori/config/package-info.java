/**
 * Mamori's top-level configuration and the tasks that run once at startup.
 */
package dev.mamori.config;
