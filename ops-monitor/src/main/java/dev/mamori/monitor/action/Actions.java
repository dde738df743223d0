package dev.mamori.monitor.action;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.mamori.core.InvalidConfigurationException;
import dev.mamori.core.Role;
import dev.mamori.core.catalog.BackupCatalogView;
import dev.mamori.monitor.action.ActionsProperties.Action;
import dev.mamori.monitor.action.ActionsProperties.Check;
import dev.mamori.monitor.action.ActionsProperties.Parameter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The declared actions, checked once at startup so that a mistake stops Mamori with the key that
 * holds it rather than surfacing at 3 a.m.: placeholders only as whole argv elements and only for
 * declared parameters, each parameter a closed set or a pattern that compiles, a role above
 * VIEWER, bounded timeouts and output, a known app, checks with exactly one target.
 */
@Component
public class Actions {

	static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

	static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9_-]*)}");

	static final Duration MAX_TIMEOUT = Duration.ofHours(24);

	static final DataSize MAX_OUTPUT = DataSize.ofMegabytes(1);

	private final Map<String, Action> actions;

	private final Map<String, Map<String, Pattern>> patterns = new LinkedHashMap<>();

	Actions(ActionsProperties properties, ObjectProvider<BackupCatalogView> catalog) {
		this.actions = new LinkedHashMap<>(properties.actions());
		BackupCatalogView apps = catalog.getIfAvailable();
		this.actions.forEach((id, action) -> this.patterns.put(id, validate(id, action, (apps != null) ? apps.appIds() : null)));
	}

	private static Map<String, Pattern> validate(String id, Action action, Set<String> apps) {
		String key = "mamori.actions." + id;
		if (!ID.matcher(id).matches()) {
			throw new InvalidConfigurationException(key, id, "an action id is 1 to 64 of a-z, 0-9, '-' and '_'");
		}
		if (apps != null && !apps.contains(action.app())) {
			throw new InvalidConfigurationException(key + ".app", action.app(), "not a declared app; declared apps: " + apps);
		}
		if (action.role() == Role.VIEWER) {
			throw new InvalidConfigurationException(key + ".role", action.role(),
					"OPERATOR or ADMIN: VIEWER only reads and cannot run anything");
		}
		if (action.timeout().compareTo(Duration.ofSeconds(1)) < 0 || action.timeout().compareTo(MAX_TIMEOUT) > 0) {
			throw new InvalidConfigurationException(key + ".timeout", action.timeout(), "between 1s and 24h");
		}
		if (action.outputLimit().toBytes() < 1024 || action.outputLimit().compareTo(MAX_OUTPUT) > 0) {
			throw new InvalidConfigurationException(key + ".output-limit", action.outputLimit(), "between 1KB and 1MB");
		}
		Map<String, Pattern> compiled = new LinkedHashMap<>();
		action.parameters().forEach((name, parameter) -> compiled.put(name, parameter(key + ".parameters." + name, parameter)));
		List<String> used = new ArrayList<>();
		for (int i = 0; i < action.argv().size(); i++) {
			String element = action.argv().get(i);
			java.util.regex.Matcher whole = PLACEHOLDER.matcher(element);
			if (whole.matches()) {
				if (!action.parameters().containsKey(whole.group(1))) {
					throw new InvalidConfigurationException(key + ".argv[" + i + "]", element,
							"a parameter that is not declared; declared parameters: " + action.parameters().keySet());
				}
				used.add(whole.group(1));
			}
			else if (PLACEHOLDER.matcher(element).find()) {
				throw new InvalidConfigurationException(key + ".argv[" + i + "]", element,
						"a parameter is a whole argv element ({name} alone), never part of a string");
			}
		}
		if (PLACEHOLDER.matcher(action.argv().get(0)).matches()) {
			throw new InvalidConfigurationException(key + ".argv[0]", action.argv().get(0),
					"the program itself is fixed; only arguments can be parameters");
		}
		for (String name : action.parameters().keySet()) {
			if (!used.contains(name)) {
				throw new InvalidConfigurationException(key + ".parameters." + name, name, "used by no argv element");
			}
		}
		check(key + ".pre-check", action.preCheck());
		check(key + ".post-check", action.postCheck());
		return compiled;
	}

	private static Pattern parameter(String key, Parameter parameter) {
		boolean values = parameter.values() != null && !parameter.values().isEmpty();
		boolean pattern = parameter.pattern() != null && !parameter.pattern().isBlank();
		if (values == pattern) {
			throw new InvalidConfigurationException(key, null, "exactly one of `values` (a closed set) or `pattern`");
		}
		if (values) {
			return null;
		}
		if (parameter.pattern().length() > 256) {
			throw new InvalidConfigurationException(key + ".pattern", parameter.pattern(), "at most 256 characters");
		}
		try {
			return Pattern.compile(parameter.pattern());
		}
		catch (PatternSyntaxException ex) {
			throw new InvalidConfigurationException(key + ".pattern", parameter.pattern(),
					"a Java regular expression: " + ex.getDescription());
		}
	}

	private static void check(String key, Check check) {
		if (check == null) {
			return;
		}
		if ((check.monitor() == null || check.monitor().isBlank()) == (check.healthUrl() == null)) {
			throw new InvalidConfigurationException(key, null, "exactly one of `monitor` or `health-url`");
		}
		if (check.healthUrl() != null && !("http".equals(check.healthUrl().getScheme())
				|| "https".equals(check.healthUrl().getScheme()))) {
			throw new InvalidConfigurationException(key + ".health-url", check.healthUrl(), "an http or https address");
		}
	}

	/**
	 * @return the declared action ids, in declaration order
	 */
	public Collection<String> ids() {
		return this.actions.keySet();
	}

	/**
	 * @param id an action id
	 * @return its declaration
	 * @throws ActionNotFoundException when no action has that id
	 */
	public Action get(String id) {
		Action action = this.actions.get(id);
		if (action == null) {
			throw new ActionNotFoundException(id);
		}
		return action;
	}

	/**
	 * Checks the caller's values and builds the argv.
	 * @param id the action
	 * @param values the caller's parameter values
	 * @return the argv, each parameter value as one whole element
	 * @throws InvalidActionRequestException for a missing, unknown or disallowed value
	 */
	List<String> argv(String id, Map<String, String> values) {
		Action action = get(id);
		for (String name : values.keySet()) {
			if (!action.parameters().containsKey(name)) {
				throw new InvalidActionRequestException("parameters." + name,
						"unknown parameter `" + name + "`; parameters of " + id + ": " + action.parameters().keySet());
			}
		}
		for (Map.Entry<String, Parameter> entry : action.parameters().entrySet()) {
			String name = entry.getKey();
			String value = values.get(name);
			if (value == null) {
				throw new InvalidActionRequestException("parameters." + name, "missing parameter `" + name + "`");
			}
			Parameter parameter = entry.getValue();
			if (parameter.values() != null && !parameter.values().isEmpty()) {
				if (!parameter.values().contains(value)) {
					throw new InvalidActionRequestException("parameters." + name,
							"`" + name + "` must be one of " + parameter.values());
				}
			}
			else if (value.length() > 1024 || !this.patterns.get(id).get(name).matcher(value).matches()) {
				throw new InvalidActionRequestException("parameters." + name,
						"`" + name + "` must match " + parameter.pattern());
			}
		}
		List<String> argv = new ArrayList<>(action.argv().size());
		for (String element : action.argv()) {
			java.util.regex.Matcher whole = PLACEHOLDER.matcher(element);
			argv.add(whole.matches() ? values.get(whole.group(1)) : element);
		}
		return argv;
	}

}
