package dev.mamori.monitor.logs;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the declared log sources.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogsProperties.class)
class LogConfiguration {

}
