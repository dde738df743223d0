/**
 * Off-site copies: SFTP and S3-compatible targets declared in the configuration file, verified
 * uploads (size and SHA-256), per-target retention, and where each restore point lives.
 */
package dev.mamori.backup.offsite;
