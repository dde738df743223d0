package dev.mamori.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help for every command, and errors as one line with an exit code a script can act on.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliUsageTests {

	@TempDir
	Path temp;

	/** Every command and subcommand, read from picocli, so a new command is covered without a change here. */
	static Stream<String> commands() {
		List<String> paths = new ArrayList<>();
		collect(MamoriCli.commandLine(), "", paths);
		return paths.stream();
	}

	private static void collect(CommandLine commandLine, String prefix, List<String> paths) {
		commandLine.getSubcommands().forEach((name, sub) -> {
			String path = (prefix + " " + name).strip();
			paths.add(path);
			collect(sub, path, paths);
		});
	}

	@Test
	void everyCommandIsCovered() {
		assertThat(commands()).contains("snapshots", "verify", "backup", "catalog", "catalog rebuild", "restore", "help");
	}

	@ParameterizedTest
	@MethodSource("commands")
	void helpWorksForEveryCommandWithoutItsRequiredOptions(String command, CapturedOutput output) {
		List<String> args = new ArrayList<>(List.of(command.split(" ")));
		args.add("--help");
		assertThat(MamoriCli.run(args.toArray(String[]::new))).isZero();
		assertThat(output.getOut()).contains("Usage: mamori " + command);
		assertThat(output).doesNotContain("Missing").doesNotContain("mamori: ");
	}

	@ParameterizedTest
	@MethodSource("commands")
	void versionWorksForEveryCommand(String command, CapturedOutput output) {
		if (command.equals("help")) {
			return;
		}
		List<String> args = new ArrayList<>(List.of(command.split(" ")));
		args.add("--version");
		assertThat(MamoriCli.run(args.toArray(String[]::new))).isZero();
		assertThat(output.getOut()).startsWith("mamori ");
	}

	@Test
	void helpCommandShowsACommandsHelp(CapturedOutput output) {
		assertThat(MamoriCli.run("help", "restore")).isZero();
		assertThat(output.getOut()).contains("Usage: mamori restore").contains("--latest");
		assertThat(MamoriCli.run("--help")).isZero();
		assertThat(output.getOut()).contains("snapshots").contains("--debug");
	}

	@Test
	void anUnknownOptionIsOneLineAndExitTwoWithoutAStackTrace(CapturedOutput output) {
		assertThat(MamoriCli.run("snapshots", "--bogus", "--dir", this.temp.toString())).isEqualTo(2);
		assertThat(output.getErr().lines().toList()).containsExactly("mamori: Unknown option: '--bogus'",
				"Try 'mamori snapshots --help'.");
		assertThat(output.getOut()).isEmpty();
	}

	@Test
	void aMistypedCommandSuggestsTheRightOne(CapturedOutput output) {
		assertThat(MamoriCli.run("snapshot", "--dir", this.temp.toString())).isEqualTo(2);
		assertThat(output.getErr()).startsWith("mamori: ").contains("did you mean snapshots?")
			.doesNotContain("\tat ");
		assertThat(MamoriCli.isCommand("snapshot")).as("a mistyped command is not taken for server settings").isTrue();
		assertThat(MamoriCli.isCommand("--server.port=9090")).isFalse();
		assertThat(MamoriCli.isCommand()).isFalse();
		assertThat(MamoriCli.isCommand("--debug", "verify", "x")).isTrue();
	}

	@Test
	void missingCommandIsAUsageError(CapturedOutput output) {
		assertThat(MamoriCli.run("catalog")).isEqualTo(2);
		assertThat(output.getErr()).contains("mamori: Missing command: rebuild").contains("Try 'mamori catalog --help'.");
	}

	@Test
	void debugInAnyPositionPrintsTheStackTrace(CapturedOutput output) {
		String dir = this.temp.toString();
		assertThat(MamoriCli.run("snapshots", "--bogus", "--dir", dir)).isEqualTo(2);
		assertThat(output.getErr()).doesNotContain("\tat ");
		assertThat(MamoriCli.run("--debug", "snapshots", "--bogus", "--dir", dir)).isEqualTo(2);
		assertThat(output.getErr()).contains("mamori: Unknown option: '--bogus'").contains("UnmatchedArgumentException");
		assertThat(MamoriCli.run("snapshots", "--bogus", "--dir", dir, "--debug")).isEqualTo(2);
		assertThat(output.getErr().split("UnmatchedArgumentException", -1)).as("a second trace, from --debug at the end")
			.hasSize(3);
	}

	@Test
	void aFailureIsOneLineAndExitOneAndDebugAddsTheTrace(CapturedOutput output) {
		Path missing = this.temp.resolve("nope.yml");
		assertThat(MamoriCli.run("backup", "--app", "ecm", "--config", missing.toString())).isEqualTo(1);
		assertThat(output.getErr().lines().toList())
			.containsExactly("mamori: configuration file " + missing + " does not exist");

		assertThat(MamoriCli.run("backup", "--app", "ecm", "--config", missing.toString(), "--debug")).isEqualTo(1);
		assertThat(output.getErr()).contains("dev.mamori.cli.CliConfigException: configuration file " + missing)
			.contains("\tat dev.mamori.cli.CliContext.start");
	}

}
