/**
 * Which snapshots to keep: grandfather-father-son rules plus safety rules that always win.
 */
package dev.mamori.backup.retention;
