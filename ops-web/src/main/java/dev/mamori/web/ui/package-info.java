/**
 * Server-rendered pages (Thymeleaf) in Japanese and English.
 */
package dev.mamori.web.ui;
