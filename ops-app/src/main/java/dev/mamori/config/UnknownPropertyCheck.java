package dev.mamori.config;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Fails startup on a key under {@code mamori} that no configuration record reads, such as
 * {@code max-precent: 95} (Spring Boot ignores it, so the default 80 would apply silently) or an
 * app indented under {@code monitors:}. The known keys come from the {@code @ConfigurationProperties}
 * records of Mamori's modules by reflection: record components in kebab case, nested records,
 * maps (any key) and lists (an index). Runs after the configuration files are loaded, before
 * anything binds them; environment variables are not checked (their names cannot tell
 * {@code max-percent} from {@code max.percent}).
 */
class UnknownPropertyCheck implements EnvironmentPostProcessor, Ordered {

	static final String ROOT = "mamori";

	private static final int MAX_DISTANCE = 2;

	private static volatile Node known;

	@Override
	public int getOrder() {
		// After ConfigDataEnvironmentPostProcessor has loaded application.yml and mamori.yml.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Node root = known(application.getClassLoader());
		Map<String, String> problems = new LinkedHashMap<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)
					|| StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())
					|| "configurationProperties".equals(source.getName())) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				Unknown unknown = check(root, name);
				// A block under a wrong key is reported once, at that key, not once per value in it.
				if (unknown != null && !problems.containsKey(unknown.key())) {
					Origin origin = OriginLookup.getOrigin(source, name);
					problems.put(unknown.key(), unknown.key() + " (" + ((origin != null) ? origin : source.getName())
							+ "): " + unknown.problem());
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new UnknownPropertyException(List.copyOf(problems.keySet()), List.copyOf(problems.values()));
		}
	}

	/**
	 * @param root the known keys
	 * @param name a property name as a property source has it
	 * @return the first unknown part of it and why, or {@code null} when it is known or not under
	 * {@code mamori}
	 */
	static Unknown check(Node root, String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
		if (property.isEmpty() || !ROOT.equals(property.getElement(0, ConfigurationPropertyName.Form.UNIFORM))) {
			return null;
		}
		Node node = root;
		String path = ROOT;
		for (int i = 1; i < property.getNumberOfElements(); i++) {
			String element = property.getElement(i, ConfigurationPropertyName.Form.DASHED);
			String key = path + (property.isNumericIndex(i) ? "[" + element + "]" : "." + element);
			switch (node.kind) {
				case OPEN:
					return null;
				case MAP:
					if (node.value.kind == Kind.LEAF) {
						// Map<String, String>: a key may itself contain dots.
						return null;
					}
					node = node.value;
					path = path + "." + element;
					break;
				case LIST:
					if (!element.chars().allMatch(Character::isDigit)) {
						return new Unknown(key, "`" + path + "` is a list; expected an index such as [0], found `" + element + "`");
					}
					node = node.value;
					path = path + "[" + element + "]";
					break;
				case LEAF:
					return new Unknown(key, "`" + path + "` is a single value and has no key `" + element + "`");
				default:
					Node child = node.field(element);
					if (child == null) {
						return new Unknown(key, "`" + element + "` is not a key of `" + path + "`" + hints(root, node, element));
					}
					node = child;
					path = path + "." + node.name;
			}
		}
		return null;
	}

	private static String hints(Node root, Node node, String element) {
		List<String> near = node.fields.keySet()
			.stream()
			.filter((key) -> distance(element, key) <= MAX_DISTANCE || distance(uniform(element), uniform(key)) <= MAX_DISTANCE)
			.toList();
		if (!near.isEmpty()) {
			return "; did you mean `" + String.join("` or `", near) + "`?";
		}
		Set<String> elsewhere = new LinkedHashSet<>();
		root.find(uniform(element), ROOT, elsewhere);
		if (!elsewhere.isEmpty()) {
			return "; `" + element + "` is a key of `" + String.join("`, `", elsewhere)
					+ "`: is the block indented under the wrong parent? Known keys here: " + node.fields.keySet();
		}
		return "; known keys here: " + node.fields.keySet();
	}

	/**
	 * @param key the first part of a property name that nothing reads
	 * @param problem why, with the nearest known keys
	 */
	record Unknown(String key, String problem) {
	}

	// The known keys

	private static Node known(ClassLoader classLoader) {
		Node root = known;
		if (root == null) {
			root = scan((classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader());
			known = root;
		}
		return root;
	}

	/**
	 * @return the tree of keys under {@code mamori} that the {@code @ConfigurationProperties} types
	 * in {@code dev.mamori} read
	 */
	static Node scan(ClassLoader classLoader) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.setResourceLoader(new DefaultResourceLoader(classLoader));
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		List<Class<?>> types = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.mamori")) {
			types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
		}
		return tree(types);
	}

	static Node tree(Collection<Class<?>> types) {
		Node root = Node.fields(ROOT);
		for (Class<?> type : types) {
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			List<String> path = List.of(prefix.split("\\."));
			if (!ROOT.equals(path.get(0))) {
				continue;
			}
			Node node = root;
			for (String segment : path.subList(1, path.size())) {
				node = node.fields.computeIfAbsent(segment, Node::fields);
			}
			node.merge(of(type.getSimpleName(), type, 0));
		}
		return root;
	}

	private static Node of(String name, Type type, int depth) {
		if (depth > 20) {
			return new Node(name, Kind.OPEN, null);
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
			Type[] arguments = parameterized.getActualTypeArguments();
			if (Map.class.isAssignableFrom(raw)) {
				return new Node(name, Kind.MAP, of(name, arguments[1], depth + 1));
			}
			if (Collection.class.isAssignableFrom(raw)) {
				return new Node(name, Kind.LIST, of(name, arguments[0], depth + 1));
			}
			return of(name, raw, depth);
		}
		if (type instanceof GenericArrayType array) {
			return new Node(name, Kind.LIST, of(name, array.getGenericComponentType(), depth + 1));
		}
		if (!(type instanceof Class<?> c)) {
			return new Node(name, Kind.OPEN, null);
		}
		if (c.isArray()) {
			return new Node(name, Kind.LIST, of(name, c.getComponentType(), depth + 1));
		}
		if (c.isRecord()) {
			Node node = Node.fields(name);
			for (RecordComponent component : c.getRecordComponents()) {
				String key = kebab(component.getName());
				node.fields.put(key, of(key, component.getGenericType(), depth + 1));
			}
			return node;
		}
		if (Map.class.isAssignableFrom(c)) {
			return new Node(name, Kind.MAP, new Node(name, Kind.OPEN, null));
		}
		if (Collection.class.isAssignableFrom(c)) {
			return new Node(name, Kind.LIST, new Node(name, Kind.OPEN, null));
		}
		boolean scalar = c.isPrimitive() || c.isEnum() || c.getName().startsWith("java.")
				|| c.getName().startsWith("org.springframework.util.unit.");
		// A JavaBean (none in Mamori today) is not walked: its keys are accepted.
		return new Node(name, scalar ? Kind.LEAF : Kind.OPEN, null);
	}

	static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static String uniform(String key) {
		return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * @return the Levenshtein distance: insertions, deletions and substitutions from a to b
	 */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	enum Kind {

		/** A record or a prefix: a fixed set of keys. */
		FIELDS,
		/** A map: any key, then its value. */
		MAP,
		/** A list: an index, then its element. */
		LIST,
		/** A single value. */
		LEAF,
		/** Not walked: anything below is accepted. */
		OPEN

	}

	/** A level of the known keys. */
	static final class Node {

		final String name;

		final Kind kind;

		final Node value;

		final Map<String, Node> fields = new LinkedHashMap<>();

		Node(String name, Kind kind, Node value) {
			this.name = name;
			this.kind = kind;
			this.value = value;
		}

		static Node fields(String name) {
			return new Node(name, Kind.FIELDS, null);
		}

		/** Relaxed binding: {@code maxPercent}, {@code max_percent} and {@code max-percent} are one key. */
		Node field(String element) {
			String wanted = uniform(element);
			return this.fields.values().stream().filter((f) -> uniform(f.name).equals(wanted)).findFirst().orElse(null);
		}

		void merge(Node other) {
			if (other.kind != Kind.FIELDS) {
				return;
			}
			other.fields.forEach((key, node) -> {
				Node mine = this.fields.get(key);
				if (mine == null) {
					this.fields.put(key, node);
				}
				else if (mine.kind == Kind.FIELDS) {
					mine.merge(node);
				}
			});
		}

		void find(String key, String path, Set<String> found) {
			if (path.length() > 200) {
				return;
			}
			switch (this.kind) {
				case FIELDS -> this.fields.values().forEach((f) -> {
					if (uniform(f.name).equals(key)) {
						found.add(path);
					}
					f.find(key, path + "." + f.name, found);
				});
				case MAP -> this.value.find(key, path + ".<name>", found);
				case LIST -> this.value.find(key, path + "[n]", found);
				default -> {
				}
			}
		}

	}

}
