package dev.mamori.monitor.checklist;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the declared checklists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChecklistsProperties.class)
class ChecklistConfiguration {

}
