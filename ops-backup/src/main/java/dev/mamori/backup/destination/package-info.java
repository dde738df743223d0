/**
 * Where archives go, and the checks made before anything is written there.
 */
package dev.mamori.backup.destination;
