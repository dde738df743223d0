package dev.mamori.selfstate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditChain;
import dev.mamori.core.audit.AuditOutcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * State bundles for tests: a small, valid one written by {@link SelfStateBundle#write} (two users,
 * a token, a monitor, a chained audit log), and the changes an attacker or a bad drive would make to
 * it, with or without the manifest's checksum made to match.
 */
public final class StateBundles {

	/** SHA-256 of the token secret {@code mmr_test}. */
	public static final String TOKEN_HASH = sha256("mmr_test");

	private StateBundles() {
	}

	/**
	 * @param directory where to write {@value SelfStateBundle#FILE_NAME}
	 * @param events how many audit events
	 * @return the bundle
	 */
	public static Path write(Path directory, int events) throws IOException {
		Instant now = Instant.parse("2026-11-30T03:00:00.123456Z");
		List<SelfStateBundle.AuditEntry> audit = new ArrayList<>();
		String prev = AuditChain.GENESIS;
		for (int i = 0; i < events; i++) {
			AuditChain.Link link = new AuditChain.Link(now.plusSeconds(i).truncatedTo(ChronoUnit.MICROS),
					Actor.Type.USER, "admin", "EVENT_" + i, "target-" + i, AuditOutcome.SUCCESS, "127.0.0.1",
					"{\"n\":" + i + "}", prev, null);
			String hash = AuditChain.hashOf(link);
			audit.add(new SelfStateBundle.AuditEntry(link.occurredAt().toString(), "USER", "admin", link.action(),
					link.target(), "SUCCESS", "127.0.0.1", link.details(), prev, hash));
			prev = hash;
		}
		String head = prev;
		SelfStateBundle.Contents contents = new SelfStateBundle.Contents(now, "old-pi", "test", "notes",
				"notes_20261130_030000.tar.zst",
				List.of(new SelfStateBundle.ConfigFile(null, Path.of("/etc/mamori/mamori.yml"),
						"mamori:\n  admin-password: \"${MAMORI_ADMIN_PASSWORD}\"\n", List.of("mamori.admin-password"))),
				List.of("MAMORI_ADMIN_PASSWORD"),
				List.of(new SelfStateBundle.UserEntry("admin", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv", "ADMIN", true,
						now.toString(), now.toString()),
						new SelfStateBundle.UserEntry("hanako", "{bcrypt}$2a$10$vutsrqponmlkjihgfedcba", "VIEWER", true,
								now.toString(), now.toString())),
				List.of(new SelfStateBundle.TokenEntry("hanako", "deploy", TOKEN_HASH, "mmr_test", "VIEWER", "API",
						now.toString(), null, null, null)),
				List.of(new SelfStateBundle.MonitorEntry("site", "HTTP",
						"{\"name\":\"site\",\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\"}", null, false, now.toString())),
				(consumer) -> audit.forEach(consumer), head);
		return SelfStateBundle.write(directory, contents, null);
	}

	/**
	 * Rewrites one entry of a bundle.
	 * @param bundle the bundle
	 * @param entry the entry's name
	 * @param change what to do to its text
	 * @param fixManifest whether the manifest's size and SHA-256 are updated to match, as someone who
	 * knows the format would
	 */
	public static void tamper(Path bundle, String entry, UnaryOperator<String> change, boolean fixManifest)
			throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(bundle.toFile())) {
			for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements();) {
				ZipEntry e = all.nextElement();
				try (InputStream in = zip.getInputStream(e)) {
					entries.put(e.getName(), in.readAllBytes());
				}
			}
		}
		byte[] changed = change.apply(new String(entries.get(entry), StandardCharsets.UTF_8))
			.getBytes(StandardCharsets.UTF_8);
		entries.put(entry, changed);
		if (fixManifest) {
			JsonMapper json = JsonMapper.builder().build();
			ObjectNode manifest = (ObjectNode) json.readTree(entries.get("manifest.json"));
			for (JsonNode info : manifest.get("entries")) {
				if (entry.equals(info.get("path").asString())) {
					((ObjectNode) info).put("sha256", HexFormat.of().formatHex(digest(changed)));
					((ObjectNode) info).put("size", changed.length);
				}
			}
			entries.put("manifest.json", json.writeValueAsBytes(manifest));
		}
		try (OutputStream out = Files.newOutputStream(bundle); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
	}

	/**
	 * @param text the lines of {@code audit.jsonl}
	 * @param index which line (0 for the oldest)
	 * @param change what to do to it; {@code null} removes it
	 * @return the text
	 */
	public static String changeLine(String text, int index, UnaryOperator<String> change) {
		List<String> lines = new ArrayList<>(text.lines().toList());
		if (change == null) {
			lines.remove(index);
		}
		else {
			lines.set(index, change.apply(lines.get(index)));
		}
		return String.join("\n", lines) + "\n";
	}

	private static byte[] digest(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sha256(String text) {
		return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
