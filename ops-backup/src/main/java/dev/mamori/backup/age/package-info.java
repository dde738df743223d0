/**
 * The age v1 file format (age-encryption.org/v1) with X25519 recipients, written with the JDK only:
 * keys in their Bech32 form, a streaming encrypting output and a streaming, authenticating input.
 */
package dev.mamori.backup.age;
