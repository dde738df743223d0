package dev.mamori.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mamori.MamoriApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disaster-recovery commands as a person runs them: a fresh JVM with Mamori's main class, a
 * bare home and a fresh working directory, as on a spare machine that has only the USB drive.
 */
class CliProcessTests {

	@TempDir
	Path temp;

	@Test
	void snapshotsOnABareMachineRunsAsPlainJavaAndLeavesNothingBehind() throws Exception {
		Path usb = Files.createDirectories(this.temp.resolve("usb"));
		Path home = Files.createDirectories(this.temp.resolve("home"));
		Path workingDirectory = Files.createDirectories(this.temp.resolve("spare"));
		Path classes = this.temp.resolve("classes.log");

		long started = System.nanoTime();
		Run run = mamori(workingDirectory, home, classes, "snapshots", "--dir", usb.toString());
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(run.exit()).as(run.output()).isZero();
		assertThat(run.output()).isEqualTo("No Mamori archives in " + usb + "\n");
		assertThat(run.output()).doesNotContain("Created the initial user");
		assertThat(run.output()).as("no Spring Boot banner or log line")
			.doesNotContain(":: Spring Boot ::")
			.doesNotContainPattern("(?m)^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+(INFO|WARN|ERROR)");
		try (var files = Files.list(workingDirectory)) {
			assertThat(files.toList()).as("no data/ or anything else in the working directory").isEmpty();
		}
		try (var files = Files.list(home)) {
			assertThat(files.toList()).as("nothing in the home directory").isEmpty();
		}
		String loaded = Files.readString(classes);
		assertThat(loaded).as("the class log is real").contains("picocli.CommandLine ");
		assertThat(loaded).as("Spring Boot's application is never loaded")
			.doesNotContain("org.springframework.boot.SpringApplication ")
			.doesNotContain("org.springframework.context.");
		System.out.println("snapshots --dir in a child JVM took " + took.toMillis() + " ms");
	}

	@Test
	void aMistakeOnTheCommandLineIsOneLineAndExitTwo() throws Exception {
		Path home = Files.createDirectories(this.temp.resolve("home"));
		Path workingDirectory = Files.createDirectories(this.temp.resolve("spare"));
		Run run = mamori(workingDirectory, home, this.temp.resolve("classes.log"), "restore", "--bogus");
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.output().lines().toList()).as(run.output()).hasSize(2)
			.first().asString().startsWith("mamori: Missing required options: '--dir=<dir>', '--app=<app>'");
		assertThat(run.output()).endsWith("Try 'mamori restore --help'.\n").doesNotContain("\tat ");
		try (var files = Files.list(workingDirectory)) {
			assertThat(files.toList()).isEmpty();
		}
	}

	private static Run mamori(Path workingDirectory, Path home, Path classLog, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xshare:auto");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Xlog:class+load=info:file=" + classLog);
		command.add("-Duser.home=" + home);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MamoriApplication.class.getName());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true);
		builder.environment().put("HOME", home.toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command finished").isTrue();
		return new Run(process.exitValue(), output);
	}

	private record Run(int exit, String output) {
	}

}
