package dev.mamori.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The small JSON path subset health endpoints need: {@code $.status}, {@code $.checks[0].ok},
 * {@code $['key with spaces']}.
 */
public final class JsonPath {

	private static final Pattern STEP = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]|\\['([^']*)']");

	private final List<Object> steps;

	private final String text;

	private JsonPath(String text, List<Object> steps) {
		this.text = text;
		this.steps = steps;
	}

	/**
	 * @param path such as {@code $.status}
	 * @return the parsed path
	 * @throws IllegalArgumentException when it is not of the supported form
	 */
	public static JsonPath parse(String path) {
		String trimmed = path.trim();
		if (!trimmed.startsWith("$")) {
			throw new IllegalArgumentException("a JSON path starts with $, such as $.status");
		}
		List<Object> steps = new ArrayList<>();
		Matcher matcher = STEP.matcher(trimmed);
		int at = 1;
		while (at < trimmed.length()) {
			if (!matcher.find(at) || matcher.start() != at) {
				throw new IllegalArgumentException("cannot read the JSON path after '" + trimmed.substring(0, at) + "'");
			}
			if (matcher.group(1) != null) {
				steps.add(matcher.group(1));
			}
			else if (matcher.group(2) != null) {
				steps.add(Integer.parseInt(matcher.group(2)));
			}
			else {
				steps.add(matcher.group(3));
			}
			at = matcher.end();
		}
		return new JsonPath(trimmed, steps);
	}

	/**
	 * @param root a JSON document
	 * @return the value's text (a string without quotes, other values as JSON), or {@code null} when
	 * the path leads nowhere
	 */
	public String read(JsonNode root) {
		JsonNode node = root;
		for (Object step : this.steps) {
			if (node == null) {
				return null;
			}
			node = (step instanceof Integer index) ? node.get(index) : node.get((String) step);
		}
		if (node == null || node.isMissingNode()) {
			return null;
		}
		return node.isValueNode() ? node.asString() : node.toString();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
