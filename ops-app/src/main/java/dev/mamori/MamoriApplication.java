package dev.mamori;

import dev.mamori.cli.MamoriCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Mamori: one program for the backups, restores and monitoring of small self-hosted web apps. In
 * the root package so scanning reaches every module.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MamoriApplication {

	/**
	 * With no arguments (or only {@code --key=value} settings) runs the server; with a command such
	 * as {@code snapshots}, {@code verify} or {@code backup} runs the command line and exits. The
	 * command line is chosen before anything of Spring Boot is touched, so the commands that need no
	 * database start as plain Java.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		if (MamoriCli.isCommand(args)) {
			System.exit(MamoriCli.run(args));
		}
		SpringApplication.run(MamoriApplication.class, args);
	}

}
