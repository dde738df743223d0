package dev.mamori.monitor;

import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Monitors declared in the configuration file. They are read-only in the UI and API; only here can
 * a monitor read the host (disk, memory, commands, databases, backup freshness).
 *
 * @param monitors monitors by name (1 to 64 lower-case letters, digits, '-' and '_')
 */
@Validated
@ConfigurationProperties("mamori")
public record MonitorsProperties(@DefaultValue Map<String, @Valid MonitorDefinition> monitors) {
}
