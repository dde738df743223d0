package dev.mamori.backup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes manifests as indented JSON that a person can read.
 */
public final class ArchiveJson {

	private static final JsonMapper json = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private ArchiveJson() {
	}

	public static byte[] write(Manifest manifest) {
		return json.writeValueAsBytes(manifest);
	}

	public static Manifest read(InputStream in) throws IOException {
		try {
			return json.readValue(in, Manifest.class);
		}
		catch (JacksonException ex) {
			throw new IOException("not a Mamori manifest: " + ex.getOriginalMessage(), ex);
		}
	}

	public static Manifest read(Path file) throws IOException {
		try (InputStream in = java.nio.file.Files.newInputStream(file)) {
			return read(in);
		}
	}

}
