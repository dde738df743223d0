/**
 * Monitoring: checks, their scheduler, incidents, notifications and bounded remediation.
 */
package dev.mamori.monitor;
