package dev.mamori.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.mamori.support.Shell;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The install script runs on this Debian machine into a temporary root, the systemd unit passes
 * {@code systemd-analyze verify}, and the sudoers example passes {@code visudo -c}.
 */
class DeployTests {

	static final Path DEPLOY = Path.of("../deploy").toAbsolutePath().normalize();

	@TempDir
	Path temp;

	@Test
	void theInstallScriptCreatesTheUserDirectoriesJarConfigAndUnit() throws Exception {
		Assumptions.assumeTrue(Shell.run(Path.of("."), "id", "-u").output().strip().equals("0"), "install.sh needs root");
		Path jar = Files.writeString(this.temp.resolve("mamori.jar"), "not really a jar");
		Path root = this.temp.resolve("root");
		Shell.Result install = Shell.run(this.temp, "bash", DEPLOY.resolve("install.sh").toString(), "--jar", jar.toString(),
				"--root", root.toString());
		assertThat(install.exit()).as(install.output()).isZero();

		String passwd = Files.readString(root.resolve("etc/passwd"));
		assertThat(passwd).containsPattern("(?m)^mamori:x:\\d+:\\d+:Mamori:/var/lib/mamori:/usr/sbin/nologin$");
		assertThat(Files.readString(root.resolve("opt/mamori/mamori.jar"))).isEqualTo("not really a jar");
		assertThat(Files.readString(root.resolve("etc/mamori/mamori.yml")))
			.isEqualTo(Files.readString(DEPLOY.resolve("examples/pi-sqlite-usb.yml")));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/mamori/mamori.env"))))
			.isEqualTo("rw-r-----");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/mamori"))))
			.isEqualTo("rwxr-x---");
		assertThat(root.resolve("etc/systemd/system/mamori.service")).hasSameTextualContentAs(
				DEPLOY.resolve("systemd/mamori.service"));

		// A second run keeps the edited configuration and the user.
		Files.writeString(root.resolve("etc/mamori/mamori.yml"), "mamori: {}\n");
		Shell.Result again = Shell.run(this.temp, "bash", DEPLOY.resolve("install.sh").toString(), "--jar", jar.toString(),
				"--root", root.toString());
		assertThat(again.exit()).as(again.output()).isZero();
		assertThat(Files.readString(root.resolve("etc/mamori/mamori.yml"))).isEqualTo("mamori: {}\n");
		assertThat(Files.readAllLines(root.resolve("etc/passwd")).stream().filter((l) -> l.startsWith("mamori:"))).hasSize(1);
	}

	@Test
	void theInstallScriptRefusesAMissingJarWithAReason() throws Exception {
		Shell.Result result = Shell.run(this.temp, "bash", DEPLOY.resolve("install.sh").toString(), "--jar",
				this.temp.resolve("none.jar").toString(), "--root", this.temp.toString());
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.output()).contains("no jar at").contains("./mvnw -DskipTests package");
	}

	@Test
	void systemdAcceptsTheUnit() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze not installed");
		Path unit = Files.copy(DEPLOY.resolve("systemd/mamori.service"), this.temp.resolve("mamori.service"));
		Shell.Result verify = Shell.run(this.temp, "systemd-analyze", "verify", unit.toString());
		assertThat(verify.exit()).as(verify.output()).isZero();
		assertThat(verify.output()).doesNotContain("Unknown").doesNotContain("Failed to parse");
		String text = Files.readString(unit);
		assertThat(text).contains("User=mamori").contains("Restart=on-failure").contains("-Xmx256m")
			.doesNotContain("NoNewPrivileges=true");
	}

	@Test
	void theSudoersExampleIsValidAndAllowsOnlyServiceCommands() throws Exception {
		Path sudoers = DEPLOY.resolve("sudoers/mamori");
		for (String line : Files.readAllLines(sudoers)) {
			if (line.startsWith("Cmnd_Alias")) {
				assertThat(line.substring(line.indexOf('=') + 1).split(","))
					.allSatisfy((command) -> assertThat(command.strip()).matches("/usr/bin/systemctl (stop|start|restart) [a-z-]+"));
			}
		}
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/visudo")), "visudo not installed (package sudo)");
		Shell.Result check = Shell.run(this.temp, "/usr/sbin/visudo", "-c", "-f", sudoers.toString());
		assertThat(check.exit()).as(check.output()).isZero();
	}

}
