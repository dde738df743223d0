package dev.mamori.web.ui;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mamori.backup.RestoreWords;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The words the pages show for enums and for the fixed English phrases other modules write, in the
 * viewer's language: {@code ${@labels.of(m.state())}} reads {@code monitorState.DOWN}. Public because
 * the templates call it through SpEL.
 */
@Component("labels")
public class Labels {

	private static final Pattern RULE = Pattern.compile("(keep-last|keep-daily|keep-weekly|keep-monthly)(?: (\\d+))?(?: \\((.*)\\))?");

	/** The fixed phrases of the checks, in the order tried; what a pattern captures goes into the message. */
	private static final List<Map.Entry<Pattern, String>> CHECKS = List.of(
			Map.entry(Pattern.compile("HTTP (\\d+) in (\\d+) ms"), "httpUp"),
			Map.entry(Pattern.compile("HTTP (\\d+) in (\\d+) ms, slower than (\\d+) ms"), "httpSlow"),
			Map.entry(Pattern.compile("HTTP (\\d+), expected 2xx or 3xx"), "httpNot2xx"),
			Map.entry(Pattern.compile("HTTP (\\d+), expected (.+)"), "httpStatus"),
			Map.entry(Pattern.compile("HTTP (\\d+), body is not JSON"), "httpNotJson"),
			Map.entry(Pattern.compile("waiting for the first backup of (.+)"), "waitingFirstBackup"),
			Map.entry(Pattern.compile("app (.+) has no good backup"), "noGoodBackup"),
			Map.entry(Pattern.compile("newest good backup of (.+) is (.+) old \\(limit (.+)\\)"), "backupAge"),
			Map.entry(Pattern.compile("connection refused"), "refused"),
			Map.entry(Pattern.compile("connect timed out"), "connectTimedOut"),
			Map.entry(Pattern.compile("timed out"), "timedOut"));

	/** Where an audit detail's code value finds its label, tried in order after the key's own group. */
	private static final List<String> CODE_GROUPS = List.of("runStatus", "snapshotStatus", "runTrigger", "role",
			"auditOutcome", "monitorState", "alertKind", "event", "auditAction");

	private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]+");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MessageSource messages;

	Labels(MessageSource messages) {
		this.messages = messages;
	}

	/**
	 * @param value an enum constant, or {@code null}
	 * @return its label, from the key {@code <simpleName with a small first letter>.<NAME>}
	 */
	public String of(Enum<?> value) {
		if (value == null) {
			return "";
		}
		String type = value.getDeclaringClass().getSimpleName();
		return of(Character.toLowerCase(type.charAt(0)) + type.substring(1), value.name());
	}

	/**
	 * @param group the key's first part, such as {@code runStatus}
	 * @param value an enum name or a fixed word, or {@code null}
	 * @return the label of {@code <group>.<value>}, or the value itself when there is none
	 */
	public String of(String group, Object value) {
		if (value == null) {
			return "";
		}
		String name = String.valueOf(value);
		return this.messages.getMessage(group + "." + name, null, name, locale());
	}

	/**
	 * @param reason why retention keeps or deletes a snapshot, as the backup module words it
	 * ({@code keep-last 7}, {@code keep-daily 7 (2026-11-23)}, {@code matches no keep rule} ...)
	 * @return the reason in the viewer's language
	 */
	public String retention(String reason) {
		if (reason == null) {
			return "";
		}
		Matcher rule = RULE.matcher(reason);
		if (rule.matches()) {
			return this.messages.getMessage("retentionReason." + rule.group(1), new Object[] {
					(rule.group(2) != null) ? rule.group(2) : "", (rule.group(3) != null) ? rule.group(3) : "" },
					reason, locale()).strip();
		}
		String key = reason.startsWith("newest usable snapshot") ? "newestUsable"
				: reason.startsWith("newest backup run failed") ? "lastRunFailed"
						: reason.startsWith("newest snapshot is older") ? "tooOld"
								: reason.startsWith("corrupt and matches no keep rule") ? "corruptNoRule"
										: reason.startsWith("matches no keep rule") ? "noRule" : null;
		return (key != null) ? this.messages.getMessage("retentionReason." + key, null, reason, locale()) : reason;
	}

	/**
	 * @param message a check's one-line result as the monitor module words it ({@code HTTP 200 in 5 ms},
	 * {@code app ecm has no good backup} ...)
	 * @return the message in the viewer's language; one this version does not know is shown as written
	 */
	public String check(String message) {
		if (message == null) {
			return "";
		}
		for (Map.Entry<Pattern, String> entry : CHECKS) {
			Matcher m = entry.getKey().matcher(message);
			if (m.matches()) {
				Object[] args = new Object[m.groupCount()];
				for (int i = 0; i < args.length; i++) {
					args[i] = m.group(i + 1);
				}
				return this.messages.getMessage("checkMessage." + entry.getValue(), args, message, locale());
			}
		}
		return message;
	}

	/**
	 * @param details an audit event's details as recorded (a JSON object), or {@code null}
	 * @return them as {@code key: value} pairs, codes such as {@code SUCCEEDED} or a restore step in the
	 * viewer's language; details that are not a JSON object are shown as recorded
	 */
	public String details(String details) {
		if (details == null || details.isBlank()) {
			return "";
		}
		JsonNode node;
		try {
			node = json.readTree(details);
		}
		catch (JacksonException ex) {
			return details;
		}
		if (node == null || !node.isObject()) {
			return details;
		}
		StringBuilder out = new StringBuilder();
		Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			JsonNode value = field.getValue();
			String text = value.isValueNode() ? value.asString() : value.toString();
			if (out.length() > 0) {
				out.append(" · ");
			}
			out.append(field.getKey()).append(": ").append(value.isString() ? code(field.getKey(), text) : text);
		}
		return out.toString();
	}

	/** A code value in the viewer's language: a restore's step or outcome, or a label of a known group. */
	private String code(String key, String value) {
		if (!CODE.matcher(value).matches() && !key.equals("step")) {
			return value;
		}
		Locale locale = locale();
		RestoreWords restore = new RestoreWords(locale);
		if (key.equals("step")) {
			return restore.step(value);
		}
		if (key.equals("outcome")) {
			String word = restore.outcome(value);
			if (!word.equals(value)) {
				return word;
			}
		}
		for (String group : CODE_GROUPS) {
			String label = this.messages.getMessage(group + "." + value, null, null, locale);
			if (label != null) {
				return label;
			}
		}
		return value;
	}

	private static Locale locale() {
		return LocaleContextHolder.getLocale();
	}

}
