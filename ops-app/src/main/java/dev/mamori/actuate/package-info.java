/**
 * Actuator health contributors of the assembled application.
 */
package dev.mamori.actuate;
