package dev.mamori.cli;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.mamori.backup.AppsProperties;
import dev.mamori.backup.RestoreProperties;
import dev.mamori.core.command.CommandProperties;
import dev.mamori.core.error.ErrorMessages;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Mamori's configuration for commands that run without the server: the YAML file bound to the same
 * properties records the server uses, with Spring Boot's {@link Binder} but no application context
 * (no database, no logging setup, no beans), so a command on a bare spare machine starts in well
 * under a second.
 * <p>
 * Sources, highest precedence first, as on the server: Java system properties, environment
 * variables (relaxed: {@code MAMORI_DATA_DIR} sets {@code mamori.data-dir}), then the file. With an
 * explicit file only that file is read, so what a disaster-recovery run uses is exactly what was
 * named on the command line; without one, {@code ./mamori.yml} and {@code /etc/mamori/mamori.yml}
 * when present ({@code ./mamori.yml} wins), like the server. {@code ${NAME}} placeholders resolve
 * from all of these. Values are validated with the records' Bean Validation constraints.
 */
public final class CliConfig {

	/** The files read when none is given, highest precedence first, as the server imports them. */
	static final List<Path> DEFAULT_FILES = List.of(Path.of("mamori.yml"), Path.of("/etc/mamori/mamori.yml"));

	private static final String SPRING_BOOT_LOGGING_MARKER = "org.springframework.boot.logging.LoggingSystem";

	private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

	private final List<Path> files;

	private final AppsProperties apps;

	private final CommandProperties commands;

	private final AppsProperties.Settings settings;

	private final RestoreProperties restore;

	private final Path dataDir;

	private dev.mamori.backup.offsite.TargetsProperties targets;

	private CliConfig(List<Path> files, AppsProperties apps, CommandProperties commands,
			AppsProperties.Settings settings, RestoreProperties restore, Path dataDir) {
		this.files = files;
		this.apps = apps;
		this.commands = commands;
		this.settings = settings;
		this.restore = restore;
		this.dataDir = dataDir;
	}

	/**
	 * Reads and validates the configuration.
	 * @param configFileOrNull the file given with {@code --config}, or {@code null} for
	 * {@code ./mamori.yml} and {@code /etc/mamori/mamori.yml} when they exist
	 * @return the bound configuration; without any file: no apps, no commands, defaults elsewhere
	 * @throws CliConfigException with a one-line message naming the file or the key
	 */
	public static CliConfig load(Path configFileOrNull) {
		return load(configFileOrNull, DEFAULT_FILES, null);
	}

	/**
	 * @param environment replaces the process environment (tests); {@code null} for the real one
	 */
	static CliConfig load(Path configFileOrNull, List<Path> defaultFiles, Map<String, Object> environment) {
		List<Path> files = new ArrayList<>();
		if (configFileOrNull != null) {
			if (!Files.isRegularFile(configFileOrNull)) {
				throw new CliConfigException("configuration file " + configFileOrNull + " does not exist", null);
			}
			files.add(configFileOrNull);
		}
		else {
			defaultFiles.stream().filter(Files::isRegularFile).forEach(files::add);
		}
		StandardEnvironment env = new StandardEnvironment();
		MutablePropertySources sources = env.getPropertySources();
		if (environment != null) {
			sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		}
		for (Path file : files) {
			read(file).forEach(sources::addLast);
		}
		Binder binder = Binder.get(env);
		Path dataDir = bind(binder, "mamori.data-dir", Bindable.of(Path.class), BindHandler.DEFAULT);
		// The server's application.yml puts the work directory under the data directory; with no data
		// directory declared, a CLI run must not create ./data wherever it was started.
		sources.addLast(new MapPropertySource("cliDefaults", Map.of("mamori.backup.work-dir",
				(dataDir != null) ? dataDir.resolve("work").toString()
						: Path.of(System.getProperty("java.io.tmpdir"), "mamori-work").toString())));
		try (ValidatorFactory validation = validation()) {
			BindHandler validating = new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator()));
			CliConfig config = new CliConfig(List.copyOf(files),
					bind(binder, "mamori", Bindable.of(AppsProperties.class), validating),
					bind(binder, "mamori", Bindable.of(CommandProperties.class), validating),
					bind(binder, "mamori.backup", Bindable.of(AppsProperties.Settings.class), validating),
					bind(binder, "mamori.restore", Bindable.of(RestoreProperties.class), validating),
					(dataDir != null) ? dataDir : Path.of("./data"));
			config.targets = bind(binder, "mamori", Bindable.of(dev.mamori.backup.offsite.TargetsProperties.class),
					validating);
			return config;
		}
	}

	private static List<PropertySource<?>> read(Path file) {
		try {
			return new YamlPropertySourceLoader().load("file [" + file + "]", new FileSystemResource(file));
		}
		catch (IOException | RuntimeException ex) {
			throw new CliConfigException("cannot read " + file + ": " + ErrorMessages.firstLine(ex.getMessage()), ex);
		}
	}

	private static <T> T bind(Binder binder, String prefix, Bindable<T> target, BindHandler handler) {
		try {
			return (target.getType().resolve() == Path.class) ? binder.bind(prefix, target, handler).orElse(null)
					: binder.bindOrCreate(prefix, target, handler);
		}
		catch (BindException ex) {
			throw new CliConfigException(describe(ex), ex);
		}
	}

	private static ValidatorFactory validation() {
		quietLogging();
		// Every property of a configuration record is reachable. The default resolver asks JPA
		// whether an entity's lazy property is loaded, which loads Hibernate's JPA provider into a
		// command that has no database (CliFastPathTests).
		return Validation.byDefaultProvider().configure().traversableResolver(new AllReachable()).buildValidatorFactory();
	}

	/** Configuration records are plain values: nothing to ask JPA about. */
	private static final class AllReachable implements TraversableResolver {

		@Override
		public boolean isReachable(Object bean, jakarta.validation.Path.Node property, Class<?> rootBeanType,
				jakarta.validation.Path pathToProperty,
				ElementType elementType) {
			return true;
		}

		@Override
		public boolean isCascadable(Object bean, jakarta.validation.Path.Node property, Class<?> rootBeanType,
				jakarta.validation.Path pathToProperty,
				ElementType elementType) {
			return true;
		}

	}

	/**
	 * Without Spring Boot's logging setup, Logback prints INFO and below to standard output; the
	 * validator would put its version line into a command's output. Left alone when Spring Boot has
	 * configured logging (its marker object is in the context).
	 */
	private static void quietLogging() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
				&& context.getObject(SPRING_BOOT_LOGGING_MARKER) == null) {
			context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
		}
	}

	/**
	 * One line for a value that does not bind or validate, naming the key, the reason and the file
	 * and line it came from; values of secrets are left out.
	 * @param ex the failure
	 * @return the message
	 */
	static String describe(BindException ex) {
		if (ex.getCause() instanceof BindValidationException invalid) {
			List<String> problems = new ArrayList<>();
			String name = invalid.getValidationErrors().getName().toString();
			for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
				if (error instanceof FieldError field) {
					String key = name + "." + dashed(field.getField());
					problems.add(key + ": " + error.getDefaultMessage() + value(key, field.getRejectedValue())
							+ origin(error));
				}
				else {
					problems.add(name + ": " + error.getDefaultMessage());
				}
			}
			return String.join("; ", problems);
		}
		ConfigurationProperty property = ex.getProperty();
		String key = (property != null) ? property.getName().toString() : ex.getName().toString();
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = (root != ex && root.getMessage() != null) ? ErrorMessages.firstLine(root.getMessage()) : "cannot be bound";
		return key + ": " + reason + ((property != null) ? value(key, property.getValue()) + origin(property) : "");
	}

	private static String value(String key, Object value) {
		String lower = key.toLowerCase(Locale.ROOT);
		if (value == null || lower.contains("password") || lower.contains("secret") || lower.contains("token")) {
			return "";
		}
		return " (was '" + value + "')";
	}

	private static String origin(Object source) {
		Origin origin = (source instanceof OriginProvider provider) ? provider.getOrigin() : null;
		return (origin != null) ? " in " + origin : "";
	}

	/** {@code apps[ecm].sources[0].ignoreUnreadable} to the form used in the file. */
	private static String dashed(String field) {
		Matcher matcher = CAMEL.matcher(field);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, matcher.group(1) + "-" + matcher.group(2).toLowerCase(Locale.ROOT));
		}
		return matcher.appendTail(out).toString();
	}

	/**
	 * @return the files that were read, highest precedence first; empty when none
	 */
	public List<Path> files() {
		return this.files;
	}

	/**
	 * @return the declared apps ({@code mamori.apps}); none without a file
	 */
	public AppsProperties apps() {
		return this.apps;
	}

	/**
	 * @return the declared commands ({@code mamori.commands}); none without a file
	 */
	public CommandProperties commands() {
		return this.commands;
	}

	/**
	 * @return {@code mamori.backup}; the work directory defaults to {@code <data-dir>/work} when a data
	 * directory is declared, otherwise to {@code mamori-work} in the system temporary directory
	 */
	public AppsProperties.Settings settings() {
		return this.settings;
	}

	/**
	 * @return {@code mamori.restore}
	 */
	public RestoreProperties restore() {
		return this.restore;
	}

	/**
	 * @return the declared off-site targets ({@code mamori.targets}); none without a file
	 */
	public dev.mamori.backup.offsite.TargetsProperties targets() {
		return this.targets;
	}

	/**
	 * @return {@code mamori.data-dir}, {@code ./data} when not declared; never created here
	 */
	public Path dataDir() {
		return this.dataDir;
	}

}
