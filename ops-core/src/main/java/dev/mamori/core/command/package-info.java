/**
 * Named commands declared in the configuration file, and the runner that executes them as argv
 * lists with a timeout, never through a shell.
 */
package dev.mamori.core.command;
