/**
 * Events that modules publish for each other, so backup and monitoring never import each other.
 */
package dev.mamori.core.event;
