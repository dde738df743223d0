package dev.mamori.backup.age;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;

/**
 * The header of an age v1 file: the version line, one stanza per recipient wrapping the file key,
 * and an HMAC over it all keyed from the file key.
 */
final class AgeHeader {

	static final String VERSION = "age-encryption.org/v1";

	private static final String X25519 = "X25519";

	private static final String X25519_INFO = "age-encryption.org/v1/X25519";

	/** A header with thousands of stanzas is not one Mamori or age wrote. */
	private static final int MAX_HEADER = 64 * 1024;

	private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	private AgeHeader() {
	}

	record Stanza(String type, List<String> args, byte[] body) {
	}

	/**
	 * @return the whole header, ending with the MAC line and its newline
	 */
	static byte[] write(byte[] fileKey, List<AgeRecipient> recipients) {
		StringBuilder header = new StringBuilder(VERSION).append('\n');
		Cipher cipher = AgeCrypto.chacha();
		for (AgeRecipient recipient : recipients) {
			byte[] ephemeral = AgeCrypto.random(32);
			byte[] share;
			byte[] shared;
			try {
				share = AgeCrypto.x25519(ephemeral, AgeCrypto.BASE_POINT);
				shared = AgeCrypto.x25519(ephemeral, recipient.publicKey());
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalArgumentException("the recipient " + recipient + " is not a usable X25519 key", ex);
			}
			finally {
				AgeCrypto.wipe(ephemeral);
			}
			byte[] wrapKey = AgeCrypto.hkdf(shared, concat(share, recipient.publicKey()), X25519_INFO);
			byte[] body = AgeCrypto.seal(cipher, wrapKey, new byte[12], fileKey, 0, fileKey.length);
			AgeCrypto.wipe(shared);
			AgeCrypto.wipe(wrapKey);
			header.append("-> ").append(X25519).append(' ').append(ENCODER.encodeToString(share)).append('\n');
			appendBody(header, body);
		}
		header.append("---");
		byte[] macd = header.toString().getBytes(StandardCharsets.US_ASCII);
		byte[] mac = AgeCrypto.hmac(AgeCrypto.hkdf(fileKey, new byte[0], "header"), macd);
		header.append(' ').append(ENCODER.encodeToString(mac)).append('\n');
		return header.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** Body lines are 64 columns; the last one is shorter, possibly empty. */
	private static void appendBody(StringBuilder header, byte[] body) {
		String encoded = ENCODER.encodeToString(body);
		int i = 0;
		for (; i + 64 <= encoded.length(); i += 64) {
			header.append(encoded, i, i + 64).append('\n');
		}
		header.append(encoded, i, encoded.length()).append('\n');
	}

	/**
	 * Reads the header from the stream (no byte beyond it) and finds the file key.
	 * @param in the stream, positioned at the start of the file
	 * @param keys identities and known file keys
	 * @param what the file's name for messages
	 * @return the file key
	 */
	static byte[] read(InputStream in, AgeKeys keys, String what) throws IOException {
		ByteArrayOutputStream macd = new ByteArrayOutputStream();
		String version = line(in, macd, what);
		if (!VERSION.equals(version)) {
			if (version.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) {
				throw new AgeException(what + " is an ASCII-armored age file; Mamori reads binary age files only");
			}
			throw new AgeException(what + " is not an age file (it does not start with '" + VERSION + "')");
		}
		List<Stanza> stanzas = new ArrayList<>();
		String line = line(in, macd, what);
		while (line.startsWith("-> ")) {
			String[] parts = line.substring(3).split(" ", -1);
			for (String part : parts) {
				if (part.isEmpty()) {
					throw new AgeException(what + " has a malformed age header (an empty stanza argument)");
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			String chunk;
			do {
				chunk = line(in, macd, what);
				if (chunk.length() > 64) {
					throw new AgeException(what + " has a malformed age header (a stanza line longer than 64 columns)");
				}
				body.writeBytes(decode(chunk, what));
			}
			while (chunk.length() == 64);
			stanzas.add(new Stanza(parts[0], List.of(parts).subList(1, parts.length), body.toByteArray()));
			line = line(in, macd, what);
		}
		if (!line.startsWith("--- ") || stanzas.isEmpty()) {
			throw new AgeException(what + " has a malformed age header (no recipient stanza or no MAC line)");
		}
		byte[] headerBytes = macd.toByteArray();
		// What the MAC covers ends with "---", before the space and the MAC itself.
		int covered = headerBytes.length - line.length() - 1 + 3;
		byte[] mac = decode(line.substring(4), what);
		byte[] covers = Arrays.copyOf(headerBytes, covered);
		byte[] fileKey;
		try {
			fileKey = unwrap(stanzas, keys);
		}
		catch (AgeException ex) {
			throw new AgeException(what + " has a " + ex.getMessage(), ex);
		}
		if (fileKey != null) {
			if (!macMatches(fileKey, covers, mac)) {
				AgeCrypto.wipe(fileKey);
				throw new AgeException(what + " has a wrong header MAC: the age header was altered or the file is corrupt");
			}
			return fileKey;
		}
		// A file this process wrote: its own file key, recognised by the header MAC.
		for (byte[] known : keys.fileKeys()) {
			if (macMatches(known, covers, mac)) {
				return known.clone();
			}
		}
		String hint = (keys.hint() != null) ? " (" + keys.hint() + ")" : "";
		if (keys.identities().isEmpty()) {
			throw new NoMatchingIdentityException(what + " is encrypted with age and no identity was given to open it" + hint);
		}
		throw new NoMatchingIdentityException(what + " was not encrypted to the identity in "
				+ String.join(", ", keys.describe()) + ": no identity matches any of its " + stanzas.size()
				+ " recipient(s)" + hint);
	}

	private static boolean macMatches(byte[] fileKey, byte[] covers, byte[] mac) {
		byte[] expected = AgeCrypto.hmac(AgeCrypto.hkdf(fileKey, new byte[0], "header"), covers);
		return AgeCrypto.constantTimeEquals(expected, mac);
	}

	/** @return the file key of the first identity that opens a stanza, or {@code null} */
	private static byte[] unwrap(List<Stanza> stanzas, AgeKeys keys) throws AgeException {
		Cipher cipher = AgeCrypto.chacha();
		for (Stanza stanza : stanzas) {
			if (!X25519.equals(stanza.type()) || keys.identities().isEmpty()) {
				continue;
			}
			if (stanza.args().size() != 1 || stanza.body().length != 32) {
				throw new AgeException("malformed X25519 stanza in its age header");
			}
			byte[] share = decodeQuietly(stanza.args().get(0));
			if (share == null || share.length != 32) {
				throw new AgeException("malformed X25519 stanza in its age header");
			}
			for (AgeIdentity identity : keys.identities()) {
				byte[] shared;
				try {
					shared = AgeCrypto.x25519(identity.secret(), share);
				}
				catch (GeneralSecurityException ex) {
					throw new AgeException("invalid X25519 share in its age header");
				}
				byte[] wrapKey = AgeCrypto.hkdf(shared, concat(share, identity.recipient().publicKey()), X25519_INFO);
				byte[] fileKey = AgeCrypto.open(cipher, wrapKey, new byte[12], stanza.body(), 0, 32);
				AgeCrypto.wipe(shared);
				AgeCrypto.wipe(wrapKey);
				if (fileKey != null) {
					return fileKey;
				}
			}
		}
		return null;
	}

	private static byte[] decodeQuietly(String text) {
		try {
			return decode(text, "");
		}
		catch (AgeException ex) {
			return null;
		}
	}

	private static byte[] decode(String text, String what) throws AgeException {
		// Canonical unpadded base64 only, as the spec requires.
		if (text.indexOf('=') >= 0 || text.indexOf('\r') >= 0) {
			throw new AgeException(what + " has a malformed age header (non-canonical base64)");
		}
		try {
			byte[] bytes = DECODER.decode(text);
			if (!ENCODER.encodeToString(bytes).equals(text)) {
				throw new AgeException(what + " has a malformed age header (non-canonical base64)");
			}
			return bytes;
		}
		catch (IllegalArgumentException ex) {
			throw new AgeException(what + " has a malformed age header (invalid base64)");
		}
	}

	/** One header line without its newline; every byte read is kept for the MAC. */
	private static String line(InputStream in, ByteArrayOutputStream macd, String what) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new AgeException((macd.size() == 0) ? what + " is empty" : what + " ends inside its age header: it is truncated");
			}
			if (b < 0x20 || b > 0x7e) {
				throw new AgeException(what + " is not an age file (binary data in its header)");
			}
			macd.write(b);
			line.append((char) b);
			if (macd.size() > MAX_HEADER) {
				throw new AgeException(what + " has an age header longer than " + MAX_HEADER + " bytes");
			}
		}
		macd.write('\n');
		return line.toString();
	}

	static byte[] concat(byte[] a, byte[] b) {
		byte[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
