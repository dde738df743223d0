package dev.mamori.support;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The command that boots the drill tests' tiny app ({@code src/test/resources/drill/DrillApp.java}) on a
 * drill's scratch copy: this JVM's java running the source file with sqlite-jdbc on the class path; it
 * writes its pid to a file and serves {@code /health} on the port once its items table answers.
 */
public final class DrillAppCommand {

	private DrillAppCommand() {
	}

	/**
	 * @param port the port the copy serves {@code /health} on
	 * @param pidFile where the copy writes its pid
	 * @return the argv
	 */
	public static List<String> argv(int port, Path pidFile) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String sqlite = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((p) -> p.contains("sqlite-jdbc"))
			.findFirst()
			.orElseThrow();
		try {
			Path source = Path.of(DrillAppCommand.class.getResource("/drill/DrillApp.java").toURI());
			return List.of(java, "-cp", sqlite, source.toString(), String.valueOf(port), pidFile.toString());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Declares the command as {@code mamori.commands.<id>}.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param id the command id
	 * @param port the port the copy serves {@code /health} on
	 * @param pidFile where the copy writes its pid
	 */
	public static void register(DynamicPropertyRegistry registry, String id, int port, Path pidFile) {
		List<String> argv = argv(port, pidFile);
		for (int i = 0; i < argv.size(); i++) {
			String value = argv.get(i);
			registry.add("mamori.commands." + id + ".argv[" + i + "]", () -> value);
		}
	}

}
