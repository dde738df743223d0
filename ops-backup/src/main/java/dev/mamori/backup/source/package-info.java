/**
 * What goes into an archive from each kind of source: SQLite databases, PostgreSQL databases,
 * directory trees and single files.
 */
package dev.mamori.backup.source;
