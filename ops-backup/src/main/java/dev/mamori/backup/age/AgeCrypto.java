package dev.mamori.backup.age;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives age v1 is built from, all from the JDK: X25519 ("XDH"), HKDF-SHA-256 (from
 * HmacSHA256, RFC 5869), HMAC-SHA-256 and ChaCha20-Poly1305.
 */
final class AgeCrypto {

	static final SecureRandom RANDOM = new SecureRandom();

	/** The X25519 base point, u = 9, little-endian. */
	static final byte[] BASE_POINT = new byte[32];

	static {
		BASE_POINT[0] = 9;
	}

	private AgeCrypto() {
	}

	static byte[] random(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	/**
	 * @param scalar a 32-byte private scalar (clamped by the JDK)
	 * @param u a 32-byte little-endian u-coordinate
	 * @return the 32-byte shared u-coordinate
	 * @throws GeneralSecurityException when the point has small order (an all-zero result)
	 */
	static byte[] x25519(byte[] scalar, byte[] u) throws GeneralSecurityException {
		KeyFactory factory = KeyFactory.getInstance("XDH");
		byte[] bigEndian = new byte[32];
		for (int i = 0; i < 32; i++) {
			bigEndian[i] = u[31 - i];
		}
		// RFC 7748: the most significant bit of the u-coordinate is ignored.
		bigEndian[0] &= 0x7f;
		KeyAgreement agreement = KeyAgreement.getInstance("XDH");
		agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
		agreement.doPhase(factory.generatePublic(
				new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian))), true);
		byte[] shared = agreement.generateSecret();
		if (allZero(shared)) {
			throw new GeneralSecurityException("X25519 produced the all-zero value");
		}
		return shared;
	}

	static boolean allZero(byte[] bytes) {
		int or = 0;
		for (byte b : bytes) {
			or |= b;
		}
		return or == 0;
	}

	/** HKDF-SHA-256 (RFC 5869) giving 32 bytes. */
	static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			// An empty salt means a key of 32 zero bytes (HMAC pads the key with zeros anyway).
			mac.init(new SecretKeySpec((salt.length == 0) ? new byte[32] : salt, "HmacSHA256"));
			byte[] prk = mac.doFinal(ikm);
			mac.init(new SecretKeySpec(prk, "HmacSHA256"));
			mac.update(info.getBytes(StandardCharsets.US_ASCII));
			mac.update((byte) 1);
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static byte[] hmac(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static Cipher chacha() {
		try {
			return Cipher.getInstance("ChaCha20-Poly1305");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("ChaCha20-Poly1305 is not available", ex);
		}
	}

	static byte[] seal(Cipher cipher, byte[] key, byte[] nonce, byte[] plain, int offset, int length) {
		try {
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
			return cipher.doFinal(plain, offset, length);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", ex);
		}
	}

	/**
	 * @return the plaintext, or {@code null} when the ciphertext does not authenticate
	 */
	static byte[] open(Cipher cipher, byte[] key, byte[] nonce, byte[] sealed, int offset, int length) {
		try {
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
			return cipher.doFinal(sealed, offset, length);
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", ex);
		}
	}

	static boolean constantTimeEquals(byte[] a, byte[] b) {
		return java.security.MessageDigest.isEqual(a, b);
	}

	static void wipe(byte[] bytes) {
		if (bytes != null) {
			Arrays.fill(bytes, (byte) 0);
		}
	}

}
