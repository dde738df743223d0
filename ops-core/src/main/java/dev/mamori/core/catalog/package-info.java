/**
 * Read-only views of the backup catalog for modules that must not depend on the backup module.
 */
package dev.mamori.core.catalog;
