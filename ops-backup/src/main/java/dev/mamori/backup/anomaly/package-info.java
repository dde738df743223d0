/**
 * Backup anomaly detection: a good backup compared with the recent ones, so that a backup of data
 * that was emptied or lost is marked suspect instead of silently replacing the good ones.
 */
package dev.mamori.backup.anomaly;
