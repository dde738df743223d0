package dev.mamori;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Mamori: one program for the backups, restores and monitoring of small self-hosted web apps. In
 * the root package so scanning reaches every module.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MamoriApplication {

	public static void main(String[] args) {
		SpringApplication.run(MamoriApplication.class, args);
	}

}
