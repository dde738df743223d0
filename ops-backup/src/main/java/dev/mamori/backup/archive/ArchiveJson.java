package dev.mamori.backup.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.mamori.backup.age.AgeFileKey;
import dev.mamori.backup.age.AgeInputStream;
import dev.mamori.backup.age.AgeKeys;
import dev.mamori.backup.age.AgeOutputStream;
import dev.mamori.backup.age.AgeRecipient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes manifests as indented JSON that a person can read.
 * <p>
 * The sidecar of an encrypted archive is <em>sealed</em>: it shows only what listing needs (format,
 * app, creation time and zone, Mamori version, tags) and holds the whole manifest, with its file
 * names, row counts and hashes, age-encrypted to the same recipients as the archive in the field
 * {@code sealed} (base64). {@link #read} gives the listing part of either kind;
 * {@link #readFull} opens a sealed one with an identity.
 */
public final class ArchiveJson {

	/** The value of a sealed sidecar's {@code encryption} field. */
	public static final String AGE = "age";

	private static final JsonMapper json = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private ArchiveJson() {
	}

	public static byte[] write(Manifest manifest) {
		return json.writeValueAsBytes(manifest);
	}

	/**
	 * @param manifest a whole manifest
	 * @param recipients who may open it
	 * @return the sealed sidecar's bytes, and the file key that opens it in this process
	 */
	public static Sealed seal(Manifest manifest, List<AgeRecipient> recipients) throws IOException {
		ByteArrayOutputStream sealed = new ByteArrayOutputStream();
		AgeFileKey key;
		try (AgeOutputStream out = new AgeOutputStream(sealed, recipients)) {
			out.write(write(manifest));
			key = out.fileKey();
		}
		return new Sealed(json.writeValueAsBytes(new SealedSidecar(manifest.format(), manifest.app(),
				manifest.appName(), manifest.createdAt(), manifest.zone(), manifest.mamoriVersion(), manifest.tags(),
				AGE, Base64.getEncoder().encodeToString(sealed.toByteArray()))), key);
	}

	/**
	 * A sealed sidecar.
	 * @param bytes its JSON
	 * @param fileKey the age file key of its sealed manifest (memory only)
	 */
	public record Sealed(byte[] bytes, AgeFileKey fileKey) {
	}

	/**
	 * Reads a manifest; of a sealed sidecar only the listing part (no sources, no entries).
	 * @param in the JSON
	 * @return the manifest
	 */
	public static Manifest read(InputStream in) throws IOException {
		JsonNode node = tree(in);
		if (node.has("sealed")) {
			SealedSidecar sealed = value(node, SealedSidecar.class);
			return sealed.listing();
		}
		return value(node, Manifest.class);
	}

	public static Manifest read(Path file) throws IOException {
		try (InputStream in = java.nio.file.Files.newInputStream(file)) {
			return read(in);
		}
	}

	/**
	 * @param file a sidecar
	 * @return whether it is sealed (its archive is encrypted)
	 */
	public static boolean isSealed(Path file) throws IOException {
		try (InputStream in = java.nio.file.Files.newInputStream(file)) {
			return tree(in).has("sealed");
		}
	}

	/**
	 * Reads a whole manifest: a plain sidecar as it is, a sealed one opened with the keys.
	 * @param file the sidecar
	 * @param keys what opens a sealed sidecar
	 * @return the whole manifest
	 * @throws dev.mamori.backup.age.NoMatchingIdentityException when it is sealed and no identity opens
	 * it, naming the identities tried or saying none was given
	 */
	public static Manifest readFull(Path file, AgeKeys keys) throws IOException {
		JsonNode node;
		try (InputStream in = java.nio.file.Files.newInputStream(file)) {
			node = tree(in);
		}
		if (!node.has("sealed")) {
			return value(node, Manifest.class);
		}
		SealedSidecar sealed = value(node, SealedSidecar.class);
		if (!AGE.equals(sealed.encryption())) {
			throw new IOException("sidecar " + file.getFileName() + " is sealed with '" + sealed.encryption()
					+ "', which this Mamori does not know");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(sealed.sealed());
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("sidecar " + file.getFileName() + " is damaged: its sealed manifest is not base64");
		}
		try (InputStream in = new AgeInputStream(new ByteArrayInputStream(bytes), keys,
				"the sealed manifest of " + file.getFileName())) {
			Manifest full = read(in);
			if (!full.app().equals(sealed.app()) || !full.createdAt().equals(sealed.createdAt())) {
				throw new IOException("sidecar " + file.getFileName()
						+ " is inconsistent: its sealed manifest is of another archive");
			}
			return full;
		}
	}

	private static JsonNode tree(InputStream in) throws IOException {
		try {
			return json.readTree(in);
		}
		catch (JacksonException ex) {
			throw new IOException("not a Mamori manifest: " + ex.getOriginalMessage(), ex);
		}
	}

	private static <T> T value(JsonNode node, Class<T> type) throws IOException {
		try {
			return json.treeToValue(node, type);
		}
		catch (JacksonException ex) {
			throw new IOException("not a Mamori manifest: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * The sidecar of an encrypted archive.
	 * @param format the archive format
	 * @param app the app id
	 * @param appName its display name
	 * @param createdAt when the backup started
	 * @param zone the server's zone
	 * @param mamoriVersion the Mamori version
	 * @param tags labels such as {@code pre-restore}
	 * @param encryption {@value #AGE}
	 * @param sealed the whole manifest, age-encrypted, base64
	 */
	record SealedSidecar(String format, String app, String appName, Instant createdAt, String zone,
			String mamoriVersion, List<String> tags, String encryption, String sealed) {

		Manifest listing() {
			return new Manifest(this.format, this.app, this.appName, this.createdAt, this.zone, null,
					this.mamoriVersion, (this.tags != null) ? this.tags : List.of(), Map.of(), List.of(), List.of());
		}

	}

}
