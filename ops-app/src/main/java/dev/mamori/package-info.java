/**
 * Mamori's entry point: assembles the modules into one application.
 */
package dev.mamori;
