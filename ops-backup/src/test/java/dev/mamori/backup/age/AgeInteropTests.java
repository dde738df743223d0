package dev.mamori.backup.age;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with the Debian {@code age} and {@code age-keygen} tools, both ways: what Mamori
 * encrypts, {@code age -d} opens; what {@code age -r} encrypts, Mamori opens; a key made by
 * {@code age-keygen} is read as is.
 */
class AgeInteropTests {

	@TempDir
	Path temp;

	@Test
	void mamoriEncryptsAndTheAgeToolDecrypts() throws Exception {
		Path key = keygen("key.txt");
		AgeIdentity identity = AgeIdentity.read(key).get(0);
		for (int size : new int[] { 0, 1, 65536, 65537, 1_000_000 }) {
			byte[] data = random(size);
			Path sealed = this.temp.resolve("m" + size + ".age");
			try (OutputStream out = new AgeOutputStream(Files.newOutputStream(sealed), List.of(identity.recipient()))) {
				out.write(data);
			}
			Process age = new ProcessBuilder("age", "-d", "-i", key.toString(), sealed.toString())
				.redirectError(ProcessBuilder.Redirect.DISCARD).start();
			byte[] plain = age.getInputStream().readAllBytes();
			assertThat(age.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(age.exitValue()).isZero();
			assertThat(plain).as("size " + size).isEqualTo(data);
		}
	}

	@Test
	void theAgeToolEncryptsAndMamoriDecrypts() throws Exception {
		Path key = keygen("key.txt");
		String recipient = run("age-keygen", "-y", key.toString()).output().strip();
		assertThat(AgeIdentity.read(key).get(0).recipient().toString()).isEqualTo(recipient);
		for (int size : new int[] { 0, 1, 65536, 65537, 1_000_000 }) {
			byte[] data = random(size);
			Path plain = Files.write(this.temp.resolve("a" + size), data);
			Path sealed = this.temp.resolve("a" + size + ".age");
			Result result = run("age", "-r", recipient, "-o", sealed.toString(), plain.toString());
			assertThat(result.exit()).as(result.output()).isZero();
			try (InputStream in = new AgeInputStream(Files.newInputStream(sealed), AgeKeys.of(AgeIdentity.read(key)),
					sealed.getFileName().toString())) {
				assertThat(in.readAllBytes()).as("size " + size).isEqualTo(data);
			}
		}
	}

	@Test
	void aWrongIdentityIsRefusedByTheAgeToolToo() throws Exception {
		Path key = keygen("key.txt");
		Path other = keygen("other.txt");
		Path sealed = this.temp.resolve("x.age");
		try (OutputStream out = new AgeOutputStream(Files.newOutputStream(sealed),
				List.of(AgeIdentity.read(key).get(0).recipient()))) {
			out.write("DB_PASSWORD=secret".getBytes(StandardCharsets.UTF_8));
		}
		Result result = run("age", "-d", "-i", other.toString(), sealed.toString());
		assertThat(result.exit()).isNotZero();
		assertThat(result.output()).contains("no identity matched any of the recipients").doesNotContain("DB_PASSWORD");
	}

	private Path keygen(String name) throws Exception {
		Path key = this.temp.resolve(name);
		Result result = run("age-keygen", "-o", key.toString());
		assertThat(result.exit()).as(result.output()).isZero();
		return key;
	}

	record Result(int exit, String output) {
	}

	static Result run(String... argv) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		process.getInputStream().transferTo(out);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
	}

	private static byte[] random(int size) {
		byte[] data = new byte[size];
		new Random(size + 7).nextBytes(data);
		return data;
	}

}
