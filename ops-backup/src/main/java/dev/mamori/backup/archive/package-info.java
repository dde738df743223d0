/**
 * Archive format v1: one {@code .tar.zst} per restore point with a manifest inside and beside it,
 * and a {@code sha256sum}-compatible checksum file. See docs/archive-format.md.
 */
package dev.mamori.backup.archive;
