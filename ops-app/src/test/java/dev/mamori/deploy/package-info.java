/**
 * Tests of what deploy/ and docs/ ship: the install script, the systemd unit, the sudoers example,
 * the example configurations and the disaster-recovery procedure as written.
 */
package dev.mamori.deploy;
