/**
 * Care of the embedded H2 database Mamori uses by default.
 */
package dev.mamori.h2;
