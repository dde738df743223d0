/**
 * Who may call what: the API and UI filter chains, password and token authentication, the login
 * throttle and login auditing.
 */
package dev.mamori.web.security;
