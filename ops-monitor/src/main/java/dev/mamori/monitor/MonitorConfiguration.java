package dev.mamori.monitor;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the monitoring configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MonitorsProperties.class, MonitoringSettings.class })
class MonitorConfiguration {

}
