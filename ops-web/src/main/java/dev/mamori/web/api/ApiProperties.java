package dev.mamori.web.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API.
 *
 * @param maxBodySize the largest request body under {@code /api}; a larger one is refused with 413
 * before it is parsed (the largest real body, a monitor with headers and windows, is a few KB)
 */
@ConfigurationProperties("mamori.api")
record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
