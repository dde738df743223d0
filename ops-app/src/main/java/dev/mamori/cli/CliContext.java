package dev.mamori.cli;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.mamori.MamoriApplication;
import dev.mamori.core.Actor;
import dev.mamori.core.Secrets;
import dev.mamori.selfstate.SelfStateBundle;
import dev.mamori.selfstate.SelfStateException;
import dev.mamori.selfstate.SelfStateRestore;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Spring application for the commands that need Mamori's database ({@code backup},
 * {@code catalog rebuild}): no web server, no scheduling, no initial user, no banner, warnings
 * only. Not lazy: it saved no measurable time (the commands need the database, which pulls in most
 * beans), and a bean that recovers an interrupted restore at startup must not be skipped. Kept apart from {@link MamoriCli} so that commands without a
 * database never load Spring Boot's application classes.
 */
final class CliContext {

	/** Set in CLI contexts; beans that only make sense in the server (the initial admin) check it. */
	static final String CLI_PROPERTY = "dev.mamori.cli";

	private CliContext() {
	}

	/**
	 * @param config the file given with {@code --config}, or {@code null} for the server's files
	 * @param debug log startup failures in full
	 * @param extra more {@code --key=value} settings
	 * @return the started context; close it
	 */
	static ConfigurableApplicationContext start(Path config, boolean debug, String... extra) {
		return start(MamoriApplication.class, config, debug, extra);
	}

	/**
	 * Only Mamori's database, migrated by Flyway, with a {@code JdbcTemplate} and a transaction
	 * manager: nothing else starts, so nothing is written to it on startup (no catalog rebuild, no
	 * initial user, no audit event), as {@code restore-self} needs.
	 * @param config the file given with {@code --config}, or {@code null} for the server's files
	 * @param debug log startup failures in full
	 * @return the started context; close it
	 */
	static ConfigurableApplicationContext startDatabaseOnly(Path config, boolean debug) {
		return start(DatabaseOnly.class, config, debug);
	}

	/**
	 * {@code restore-self}'s database part: the database only, the bundle written in one transaction.
	 * @param config the file given with {@code --config}, or {@code null}
	 * @param debug log startup failures in full
	 * @param bundle the checked bundle
	 * @param actor who restores
	 * @return the database (password masked) and what was restored, or why it was refused
	 */
	static SelfRestored restoreSelf(Path config, boolean debug, SelfStateBundle bundle, Actor actor) {
		try (ConfigurableApplicationContext context = startDatabaseOnly(config, debug)) {
			String database;
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				database = Secrets.maskUrl(connection.getMetaData().getURL());
			}
			catch (SQLException ex) {
				database = "?";
			}
			SelfStateRestore restore = new SelfStateRestore(context.getBean(JdbcTemplate.class),
					context.getBean(PlatformTransactionManager.class));
			try {
				return new SelfRestored(database, restore.restore(bundle, actor, Instant.now()), null);
			}
			catch (SelfStateException ex) {
				return new SelfRestored(database, null, ex);
			}
		}
	}

	/**
	 * @param database the database's URL, password masked
	 * @param restored what was restored, or {@code null}
	 * @param refused why nothing was, or {@code null}
	 */
	record SelfRestored(String database, SelfStateRestore.Restored restored, SelfStateException refused) {
	}

	private static ConfigurableApplicationContext start(Class<?> application, Path config, boolean debug,
			String... extra) {
		if (config != null && !Files.isRegularFile(config)) {
			throw new CliConfigException("configuration file " + config + " does not exist", null);
		}
		List<String> args = new ArrayList<>();
		args.add("--" + CLI_PROPERTY + "=true");
		args.add("--mamori.scheduling.enabled=false");
		args.add("--spring.main.banner-mode=off");
		args.add("--spring.main.log-startup-info=false");
		args.add("--logging.level.root=WARN");
		// Flyway's "newer H2 than verified" notice says nothing to someone running a backup.
		args.add("--logging.level.org.flywaydb.core.internal.database.base.Database=ERROR");
		if (!debug) {
			// The command prints one line for a failure; --debug shows Spring Boot's full report.
			args.add("--logging.level.org.springframework.boot.SpringApplication=OFF");
			args.add("--logging.level.org.springframework.boot.diagnostics=OFF");
		}
		if (config != null) {
			args.add("--spring.config.import=optional:file:/etc/mamori/mamori.yml,optional:file:./mamori.yml,file:"
					+ config.toAbsolutePath());
		}
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(args.toArray(String[]::new));
	}

	/**
	 * The database and nothing else. Not a {@code @Configuration}, so the server's component scan
	 * never picks it up; the imported auto-configurations are the server's own, with its settings.
	 */
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class, TransactionAutoConfiguration.class })
	static class DatabaseOnly {

	}

}
