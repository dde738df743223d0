package dev.mamori.config;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of Mamori itself.
 *
 * @param dataDir where Mamori keeps its own state (the embedded H2 database); created on first
 * start
 * @param adminPassword password of the {@code admin} user created on first start when there are no
 * users (environment variable {@code MAMORI_ADMIN_PASSWORD}); when unset a random one is generated
 * and printed once to the log
 */
@Validated
@ConfigurationProperties("mamori")
public record MamoriProperties(@DefaultValue("./data") @NotNull Path dataDir, String adminPassword) {

	@Override
	public String toString() {
		return "MamoriProperties[dataDir=" + this.dataDir + ", adminPassword=" + ((this.adminPassword != null) ? "******" : null) + "]";
	}

}
