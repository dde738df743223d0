package dev.mamori.backup.age;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JDK-only age v1 implementation: round trips across chunk boundaries, and every kind of damage
 * (a flipped payload byte, a cut file, a file cut exactly at a chunk boundary, appended data, an altered
 * header, a wrong identity) refused with a message saying which.
 */
class AgeFormatTests {

	private static final AgeIdentity ALICE = AgeIdentity.generate();

	private static final AgeIdentity BOB = AgeIdentity.generate();

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 65535, 65536, 65537, 1_000_000, 3 * 65536 })
	void roundTripsEverySizeAroundTheChunkBoundaries(int size) throws IOException {
		byte[] data = random(size);
		byte[] sealed = encrypt(data, ALICE.recipient());
		// Header + 16-byte nonce + one tag per 64 KiB chunk (at least one chunk, a full last one stays last).
		int chunks = Math.max(1, (size + 65535) / 65536);
		assertThat(sealed.length - headerLength(sealed) - 16).isEqualTo(size + 16L * chunks);
		assertThat(decrypt(sealed, ALICE)).isEqualTo(data);
	}

	@Test
	void writesByteByByteAndReadsByteByByteTheSame() throws IOException {
		byte[] data = random(70_000);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (AgeOutputStream age = new AgeOutputStream(out, List.of(ALICE.recipient()))) {
			for (byte b : data) {
				age.write(b);
			}
		}
		ByteArrayOutputStream back = new ByteArrayOutputStream();
		try (AgeInputStream in = new AgeInputStream(new ByteArrayInputStream(out.toByteArray()), AgeKeys.of(List.of(ALICE)),
				"test.age")) {
			int b;
			while ((b = in.read()) >= 0) {
				back.write(b);
			}
		}
		assertThat(back.toByteArray()).isEqualTo(data);
	}

	@Test
	void anyOfSeveralRecipientsOpensIt() throws IOException {
		byte[] data = random(1000);
		byte[] sealed = encrypt(data, ALICE.recipient(), BOB.recipient());
		assertThat(decrypt(sealed, BOB)).isEqualTo(data);
		assertThat(decrypt(sealed, ALICE)).isEqualTo(data);
	}

	@Test
	void theFileKeyOfTheWriterOpensItWithoutAnIdentity() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		AgeFileKey key;
		try (AgeOutputStream age = new AgeOutputStream(out, List.of(ALICE.recipient()))) {
			age.write("hello".getBytes(StandardCharsets.UTF_8));
			key = age.fileKey();
		}
		try (InputStream in = new AgeInputStream(new ByteArrayInputStream(out.toByteArray()), AgeKeys.NONE.with(List.of(key)), "x")) {
			assertThat(in.readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void aWrongIdentityIsRefusedNamingWhereTheIdentityCameFrom() {
		byte[] sealed = encrypt(random(100), ALICE.recipient());
		AgeIdentity wrong = AgeIdentity.parse(BOB.encode(), "/etc/mamori/wrong-key.txt");
		assertThatExceptionOfType(NoMatchingIdentityException.class)
			.isThrownBy(() -> new AgeInputStream(new ByteArrayInputStream(sealed), AgeKeys.of(List.of(wrong)), "shop.tar.zst"))
			.withMessageContaining("shop.tar.zst was not encrypted to the identity in /etc/mamori/wrong-key.txt")
			.withMessageContaining(BOB.recipient().toString())
			.withMessageNotContaining(BOB.encode());
		assertThatExceptionOfType(NoMatchingIdentityException.class)
			.isThrownBy(() -> new AgeInputStream(new ByteArrayInputStream(sealed), AgeKeys.NONE, "shop.tar.zst"))
			.withMessageContaining("no identity was given");
	}

	@Test
	void aTamperedChunkIsRefused() {
		byte[] sealed = encrypt(random(200_000), ALICE.recipient());
		int header = headerLength(sealed);
		// A byte in the second chunk.
		sealed[header + 16 + 65552 + 100] ^= 1;
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(sealed, ALICE))
			.withMessageContaining("is corrupt: chunk 2 of its age payload fails authentication");
	}

	@Test
	void aTruncatedStreamIsRefused() {
		byte[] sealed = encrypt(random(200_000), ALICE.recipient());
		byte[] cut = Arrays.copyOf(sealed, sealed.length - 1000);
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(cut, ALICE))
			.withMessageContaining("chunk 4 of its age payload fails authentication");
	}

	@Test
	void aStreamCutExactlyAfterAFullChunkIsRefusedAsTruncated() {
		byte[] sealed = encrypt(random(200_000), ALICE.recipient());
		int header = headerLength(sealed);
		byte[] cut = Arrays.copyOf(sealed, header + 16 + 2 * 65552);
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(cut, ALICE))
			.withMessageContaining("is truncated: it ends after chunk 2 of its age payload, which is not the last");
		byte[] headerOnly = Arrays.copyOf(sealed, header + 16);
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(headerOnly, ALICE))
			.withMessageContaining("is truncated");
		byte[] midHeader = Arrays.copyOf(sealed, 40);
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(midHeader, ALICE))
			.withMessageContaining("ends inside its age header");
	}

	@Test
	void dataAfterTheLastChunkIsRefused() {
		byte[] sealed = encrypt(random(65536), ALICE.recipient());
		byte[] longer = Arrays.copyOf(sealed, sealed.length + 65552);
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(longer, ALICE))
			.withMessageContaining("has data after the last chunk of its age payload");
	}

	@Test
	void aWrongHeaderMacIsRefused() {
		byte[] sealed = encrypt(random(100), ALICE.recipient());
		String text = new String(sealed, 0, headerLength(sealed), StandardCharsets.US_ASCII);
		int mac = text.indexOf("--- ") + 4;
		sealed[mac] = (byte) ((sealed[mac] == 'A') ? 'B' : 'A');
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt(sealed, ALICE))
			.withMessageContaining("has a wrong header MAC");
	}

	@Test
	void anAddedStanzaBreaksTheHeaderMac() {
		byte[] sealed = encrypt(random(100), ALICE.recipient());
		String text = new String(sealed, StandardCharsets.ISO_8859_1);
		String altered = text.replaceFirst("\n---", "\n-> grease x\n\n---");
		assertThatExceptionOfType(AgeException.class)
			.isThrownBy(() -> decrypt(altered.getBytes(StandardCharsets.ISO_8859_1), ALICE))
			.withMessageContaining("has a wrong header MAC");
	}

	@Test
	void somethingElseIsNotTakenForAnAgeFile() {
		byte[] zstd = { 0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0 };
		assertThat(AgeInputStream.looksLikeAge(zstd)).isFalse();
		assertThat(AgeInputStream.looksLikeAge(encrypt(new byte[0], ALICE.recipient()))).isTrue();
		assertThatExceptionOfType(AgeException.class).isThrownBy(() -> decrypt("hello\n".getBytes(StandardCharsets.UTF_8), ALICE))
			.withMessageContaining("is not an age file");
	}

	@Test
	void keysRoundTripThroughTheirBech32Text() {
		AgeIdentity back = AgeIdentity.parse(ALICE.encode(), "x");
		assertThat(back.recipient()).isEqualTo(ALICE.recipient());
		assertThat(AgeRecipient.parse(ALICE.recipient().toString())).isEqualTo(ALICE.recipient());
		assertThat(ALICE.encode()).startsWith("AGE-SECRET-KEY-1");
		assertThat(ALICE.toString()).doesNotContain(ALICE.encode().substring(16));
	}

	@Test
	void badRecipientsAreRefusedSayingWhy() {
		String good = ALICE.recipient().toString();
		char last = good.charAt(good.length() - 1);
		String typo = good.substring(0, good.length() - 1) + ((last == 'q') ? 'p' : 'q');
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse(typo)).withMessageContaining("wrong checksum");
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse("ssh-ed25519 AAAA"))
			.withMessageContaining("must start with 'age1'");
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse("age1bad!"))
			.withMessageContaining("not a valid age recipient");
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse(""))
			.withMessageContaining("is empty");
	}

	static byte[] encrypt(byte[] data, AgeRecipient... recipients) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (AgeOutputStream age = new AgeOutputStream(out, List.of(recipients))) {
			age.write(data);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	static byte[] decrypt(byte[] sealed, AgeIdentity identity) throws IOException {
		try (InputStream in = new AgeInputStream(new ByteArrayInputStream(sealed), AgeKeys.of(List.of(identity)),
				"test.age")) {
			return in.readAllBytes();
		}
	}

	private static int headerLength(byte[] sealed) {
		String text = new String(sealed, StandardCharsets.ISO_8859_1);
		int mac = text.indexOf("\n--- ");
		return text.indexOf('\n', mac + 1) + 1;
	}

	private static byte[] random(int size) {
		byte[] data = new byte[size];
		new Random(size).nextBytes(data);
		return data;
	}

}
