package dev.mamori.backup.offsite;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import dev.mamori.support.SftpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SFTP target against a real OpenSSH server: a host key other than the pinned one is refused
 * before any login, naming both fingerprints; a bandwidth limit holds.
 */
class SftpTargetTests {

	@TempDir
	static Path temp;

	static SftpServer server;

	@BeforeAll
	static void start() throws Exception {
		server = SftpServer.start(temp.resolve("sshd"));
	}

	@AfterAll
	static void stop() throws Exception {
		server.close();
	}

	@Test
	void aChangedHostKeyIsRefusedNamingBothFingerprints() throws Exception {
		String pinned = server.fingerprint();
		try (RemoteStore store = Targets.open("nas", target(pinned, null), (name) -> null)) {
			store.putBytes("probe/hello.txt", "hello".getBytes());
		}
		assertThat(server.root().resolve("probe/hello.txt")).hasContent("hello");

		server.kill();
		server.newHostKey();
		server.startAgain();
		String presented = server.fingerprint();
		assertThat(presented).isNotEqualTo(pinned);
		assertThatExceptionOfType(HostKeyChangedException.class)
			.isThrownBy(() -> Targets.open("nas", target(pinned, null), (name) -> null))
			.withMessageContaining("host key of 127.0.0.1:" + server.port() + " changed")
			.withMessageContaining("expected " + pinned)
			.withMessageContaining("the server showed " + presented)
			.withMessageContaining("mamori.targets.nas.host-key")
			.satisfies((ex) -> {
				assertThat(ex.expected()).isEqualTo(pinned);
				assertThat(ex.presented()).isEqualTo(presented);
			});
	}

	@Test
	void anUploadOfTwentyMegabytesAtTwoMegabytesPerSecondTakesAtLeastNineSeconds() throws Exception {
		Path file = temp.resolve("twenty.bin");
		byte[] noise = new byte[20 * 1024 * 1024];
		new Random(7).nextBytes(noise);
		Files.write(file, noise);
		try (RemoteStore store = Targets.open("nas", target(server.fingerprint(), null), (name) -> null)) {
			long start = System.nanoTime();
			store.put(file, "rate/twenty.bin", new Throttle(DataSize.ofMegabytes(2).toBytes()));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).as("20 MB at 2 MB/s").isGreaterThanOrEqualTo(Duration.ofSeconds(9))
				.isLessThan(Duration.ofSeconds(90));
		}
		assertThat(Files.size(server.root().resolve("rate/twenty.bin"))).isEqualTo(noise.length);
	}

	private static TargetsProperties.Target target(String hostKey, String window) {
		return new TargetsProperties.Target(TargetsProperties.TargetType.SFTP, "127.0.0.1", server.port(), server.user(),
				server.root().toString(), hostKey, server.userKey(), null, null, (URI) null, null, "", "us-east-1", false,
				null, null, DataSize.ofGigabytes(10), null, window, 0, Duration.ofSeconds(1), Duration.ofSeconds(10));
	}

}
