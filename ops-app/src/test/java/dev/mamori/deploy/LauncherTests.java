package dev.mamori.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import dev.mamori.support.Shell;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher {@code bin/mamori} (what the README, the systemd unit and the container run) passes the
 * JVM flags measured in docs/benchmarks.md: a "java" that prints its arguments stands in for the JDK.
 * The optimising compiler is what hashes archives at the CPU's SHA instructions; without it a backup, a
 * verify or a restore of a large archive takes three to four times as long.
 */
class LauncherTests {

	static final Path LAUNCHER = Path.of("../bin/mamori").toAbsolutePath().normalize();

	@TempDir
	Path temp;

	private Path javaHome;

	private Path jar;

	@BeforeEach
	void fakeJdk() throws Exception {
		this.javaHome = Files.createDirectories(this.temp.resolve("jdk/bin")).getParent();
		Path java = this.javaHome.resolve("bin/java");
		Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.jar = Files.writeString(this.temp.resolve("mamori.jar"), "not a real jar");
	}

	@Test
	void theServerKeepsTheOptimisingCompilerAndTheSmallFootprintFlags() {
		for (List<String> args : List.of(List.<String>of(), List.of("--server.port=8081"), List.of("-Dx=y"))) {
			List<String> jvm = launch(args);
			assertThat(jvm).as("server %s", args)
				.contains("-XX:+UseSerialGC", "-XX:MaxRAM=1g", "-Xss512k", "-XX:MaxHeapFreeRatio=30",
						"-XX:TrimNativeHeapInterval=5000")
				.noneMatch((flag) -> flag.startsWith("-XX:TieredStopAtLevel"));
			assertThat(jvm.subList(jvm.indexOf("-jar"), jvm.size())).containsExactlyElementsOf(
					concat(List.of("-jar", this.jar.toString()), args));
		}
	}

	@Test
	void aJdkThatDoesNotKnowTheTrimOptionStartsTheServerWithoutIt() throws Exception {
		Files.writeString(this.javaHome.resolve("bin/java"), """
				#!/bin/sh
				for a in "$@"; do
				  case "$a" in -XX:TrimNativeHeapInterval=*) echo "Unrecognized VM option" >&2; exit 1 ;; esac
				done
				for a in "$@"; do echo "$a"; done
				""");
		List<String> jvm = launch(List.of());
		assertThat(jvm).contains("-XX:MaxRAM=1g").noneMatch((flag) -> flag.startsWith("-XX:TrimNativeHeapInterval"));
	}

	@Test
	void commandsThatReadOrWriteWholeArchivesKeepTheOptimisingCompiler() {
		for (List<String> args : List.of(List.of("verify", "/mnt/usb/a.tar.zst"), List.of("backup", "--app", "ecm"),
				List.of("restore", "--dir", "/mnt/usb", "--latest"), List.of("drill", "--app", "ecm"),
				List.of("restore-self", "--dir", "/mnt/usb"), List.of("--debug", "restore", "--dir", "/mnt/usb"))) {
			assertThat(launch(args)).as("%s", args)
				.contains("-XX:+UseSerialGC")
				.noneMatch((flag) -> flag.startsWith("-XX:TieredStopAtLevel"));
		}
	}

	@Test
	void quickCommandsStartWithoutTheOptimisingCompiler() {
		for (List<String> args : List.of(List.of("snapshots", "--dir", "/mnt/usb"), List.of("help"),
				List.of("restore", "--dir", "/mnt/usb", "--latest", "--dry-run"),
				List.of("remote", "status"), List.of("--debug", "snapshots", "--dir", "/mnt/usb"))) {
			assertThat(launch(args)).as("%s", args).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
		}
	}

	@Test
	void extraOptionsComeAfterTheLaunchersOwnSoTheyWin() {
		List<String> jvm = launch(List.of(), "MAMORI_JAVA_OPTS=-Xmx512m -XX:+ExitOnOutOfMemoryError");
		assertThat(jvm.indexOf("-Xmx512m")).isGreaterThan(jvm.indexOf("-XX:MaxRAM=1g")).isLessThan(jvm.indexOf("-jar"));
	}

	private List<String> launch(List<String> args, String... env) {
		List<String> command = new ArrayList<>(List.of("env", "JAVA_HOME=" + this.javaHome, "MAMORI_JAR=" + this.jar,
				"MAMORI_CDS=off"));
		command.addAll(List.of(env));
		command.addAll(List.of("sh", LAUNCHER.toString()));
		command.addAll(args);
		Shell.Result result = Shell.run(this.temp, command.toArray(String[]::new));
		assertThat(result.exit()).as(result.output()).isZero();
		return result.output().lines().toList();
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
