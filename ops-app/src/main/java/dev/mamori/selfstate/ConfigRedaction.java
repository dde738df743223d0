package dev.mamori.selfstate;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.core.Secrets;

/**
 * Keeps secrets out of the configuration files copied into the state bundle. A file that refers to
 * its secrets through the environment ({@code password: "${MKS_DB_PASSWORD}"}) is copied as it is;
 * a secret written into the file itself is replaced by a reference to an environment variable named
 * after its key ({@code mamori.admin-password: "secret"} becomes
 * {@code "${MAMORI_ADMIN_PASSWORD}"}), so a restored configuration fails to start naming that
 * variable instead of carrying the secret. Works line by line on YAML (block and flow mappings,
 * block scalars) and {@code .properties} files; the rest of the text is left exactly as written.
 */
final class ConfigRedaction {

	/** Names of keys that hold a secret; {@code *-env} and {@code *-file} keys name where it is, not the secret. */
	private static final Pattern SECRET_NAME = Pattern.compile(
			"(?i).*(password|passwd|secret|token|credential|passphrase|private|api-?key|authorization).*");

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");

	private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

	private static final Pattern YAML_KEY = Pattern.compile("^(\\s*)(-\\s+)?(\"[^\"]*\"|'[^']*'|[^\\s:#\"'{\\[-][^:#]*?)\\s*:(?:\\s+(.*?))?\\s*$");

	private static final Pattern FLOW_PAIR = Pattern.compile(
			"([\\w.\"'-]+)\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^,}\\]]+?)(\\s*[,}])");

	private ConfigRedaction() {
	}

	/**
	 * @param text a configuration file's text
	 * @param properties whether it is a {@code .properties} file (else YAML)
	 * @return the text with literal secrets replaced, the keys replaced, and every environment variable
	 * the result refers to
	 */
	static Redacted redact(String text, boolean properties) {
		Redacted.Builder out = new Redacted.Builder();
		String[] lines = text.split("\n", -1);
		if (properties) {
			for (String line : lines) {
				out.line(properties(line, out));
			}
		}
		else {
			yaml(lines, out);
		}
		return out.build();
	}

	private static String properties(String line, Redacted.Builder out) {
		Matcher m = Pattern.compile("^(\\s*)([^#!=:\\s][^=:]*?)(\\s*[=:]\\s*)(.*)$").matcher(line);
		if (!m.matches()) {
			return line;
		}
		String key = m.group(2).strip();
		String value = m.group(4);
		String replaced = replacement(key, value, out);
		return (replaced != null) ? m.group(1) + m.group(2) + m.group(3) + replaced : line;
	}

	private static void yaml(String[] lines, Redacted.Builder out) {
		// The keys above the current line, with their indentation.
		Deque<int[]> indents = new ArrayDeque<>();
		Deque<String> keys = new ArrayDeque<>();
		int skipDeeperThan = -1;
		for (String line : lines) {
			if (skipDeeperThan >= 0) {
				if (line.isBlank() || indent(line) > skipDeeperThan) {
					continue;
				}
				skipDeeperThan = -1;
			}
			if (line.strip().startsWith("#") || line.strip().equals("---")) {
				if (line.strip().equals("---")) {
					indents.clear();
					keys.clear();
				}
				out.line(line);
				continue;
			}
			Matcher m = YAML_KEY.matcher(line);
			if (!m.matches()) {
				String trimmed = line.strip();
				if (trimmed.startsWith("- {") || trimmed.startsWith("{")) {
					out.line(flow(line, path(keys, null), out));
				}
				else {
					out.line(line);
				}
				continue;
			}
			int indent = m.group(1).length() + ((m.group(2) != null) ? m.group(2).length() : 0);
			while (!indents.isEmpty() && indents.peek()[0] >= indent) {
				indents.pop();
				keys.pop();
			}
			String key = unquote(m.group(3).strip());
			indents.push(new int[] { indent });
			keys.push(key);
			String value = m.group(4);
			String path = path(keys, null);
			if (value == null || value.isEmpty() || value.startsWith("#")) {
				out.line(line);
				continue;
			}
			if (value.startsWith("{")) {
				out.line(flow(line, path, out));
				continue;
			}
			if (value.startsWith("[") || value.startsWith("&") || value.startsWith("*")) {
				out.line(line);
				continue;
			}
			if ((value.startsWith("|") || value.startsWith(">")) && secret(path)) {
				// A secret written as a block of lines (a private key): the whole block goes.
				out.line(line.substring(0, m.end(3)) + ": \"" + reference(path, out) + "\"");
				skipDeeperThan = indent;
				continue;
			}
			String replaced = replacement(path, withoutComment(value), out);
			if (replaced == null) {
				out.line(line);
			}
			else {
				int at = line.lastIndexOf(value);
				out.line(line.substring(0, at) + replaced);
			}
		}
	}

	/** {@code { id: db, password: x }}: each secret pair replaced. */
	private static String flow(String whole, String parent, Redacted.Builder out) {
		// Only what is inside the braces: the key before them ({@code ci: { url: ... }}) is the parent.
		int brace = whole.indexOf('{');
		String line = whole.substring(brace + 1);
		Matcher m = FLOW_PAIR.matcher(line);
		StringBuilder result = new StringBuilder();
		while (m.find()) {
			String key = unquote(m.group(1));
			String path = (parent.isEmpty() ? "" : parent + ".") + key;
			String replaced = replacement(path, m.group(2).strip(), out);
			// The key and what separates it from the value stay as written.
			String keyAndColon = line.substring(m.start(), m.start(2));
			m.appendReplacement(result,
					Matcher.quoteReplacement(keyAndColon + ((replaced != null) ? replaced : m.group(2)) + m.group(3)));
		}
		m.appendTail(result);
		return whole.substring(0, brace + 1) + result;
	}

	/**
	 * @return the value to write instead, or {@code null} to keep the value
	 */
	private static String replacement(String path, String value, Redacted.Builder out) {
		String plain = unquote(value.strip());
		if (plain.isEmpty()) {
			return null;
		}
		Matcher reference = REFERENCE.matcher(plain);
		if (reference.matches()) {
			if (secret(path) && reference.group(2) != null && reference.group(2).length() > 1) {
				// ${NAME:default}: the default may be the secret itself.
				out.redacted(path);
				return "\"${" + reference.group(1) + "}\"";
			}
			return null;
		}
		if (plain.contains("${")) {
			// Partly a reference (https://hooks.example/${HOOK_TOKEN}): the secret part is not in the file.
			return null;
		}
		if (secret(path) || !Secrets.maskUrl(plain).equals(plain)) {
			return "\"" + reference(path, out) + "\"";
		}
		return null;
	}

	private static String reference(String path, Redacted.Builder out) {
		out.redacted(path);
		return "${" + path.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "}";
	}

	/**
	 * @param path a dotted key
	 * @return whether its value is a secret: a secret-named key, a webhook URL or an HTTP header value
	 */
	static boolean secret(String path) {
		String lower = path.toLowerCase(Locale.ROOT);
		String leaf = lower.substring(lower.lastIndexOf('.') + 1);
		if (leaf.endsWith("-env") || leaf.endsWith("_env") || leaf.endsWith("-file") || leaf.endsWith("-files")) {
			return false;
		}
		return SECRET_NAME.matcher(leaf).matches() || (lower.contains("webhook") && leaf.equals("url"))
				|| lower.contains(".headers.");
	}

	private static String path(Deque<String> keys, String leaf) {
		List<String> parts = new ArrayList<>(keys);
		java.util.Collections.reverse(parts);
		if (leaf != null) {
			parts.add(leaf);
		}
		return String.join(".", parts);
	}

	private static int indent(String line) {
		return line.length() - line.stripLeading().length();
	}

	private static String withoutComment(String value) {
		if (value.startsWith("\"") || value.startsWith("'")) {
			return value;
		}
		int hash = value.indexOf(" #");
		return (hash >= 0) ? value.substring(0, hash).strip() : value;
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && ((value.startsWith("\"") && value.endsWith("\""))
				|| (value.startsWith("'") && value.endsWith("'")))) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	/**
	 * A redacted file.
	 *
	 * @param text the text to store
	 * @param redactedKeys the keys whose literal values were replaced
	 * @param environment the environment variables the text refers to
	 */
	record Redacted(String text, List<String> redactedKeys, Set<String> environment) {

		static final class Builder {

			private final StringBuilder text = new StringBuilder();

			private final List<String> redacted = new ArrayList<>();

			private boolean first = true;

			void line(String line) {
				if (!this.first) {
					this.text.append('\n');
				}
				this.first = false;
				this.text.append(line);
			}

			void redacted(String key) {
				this.redacted.add(key);
			}

			Redacted build() {
				String result = this.text.toString();
				Set<String> names = new TreeSet<>();
				Matcher m = REFERENCE.matcher(result);
				while (m.find()) {
					if (ENVIRONMENT_NAME.matcher(m.group(1)).matches()) {
						names.add(m.group(1));
					}
				}
				return new Redacted(result, List.copyOf(this.redacted), names);
			}

		}

	}

}
