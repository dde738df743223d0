package dev.mamori.monitor.action;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the declared actions.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ActionsProperties.class)
class ActionConfiguration {

}
