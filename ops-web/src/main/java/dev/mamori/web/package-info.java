/**
 * Mamori's web layer: the Thymeleaf UI, the REST API and the security around both.
 */
package dev.mamori.web;
