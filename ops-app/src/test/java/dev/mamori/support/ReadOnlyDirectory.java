package dev.mamori.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;

/**
 * Makes a directory really read-only for the duration of a test, as an unwritable USB drive is:
 * {@code chattr +i} (which stops root too), or permissions when not running as root.
 */
public final class ReadOnlyDirectory implements AutoCloseable {

	private final Path dir;

	private final boolean chattr;

	private ReadOnlyDirectory(Path dir, boolean chattr) {
		this.dir = dir;
		this.chattr = chattr;
	}

	public static ReadOnlyDirectory of(Path dir) throws IOException {
		if (Shell.run(dir, "chattr", "+i", dir.toString()).exit() == 0) {
			return checked(new ReadOnlyDirectory(dir, true));
		}
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
		return checked(new ReadOnlyDirectory(dir, false));
	}

	private static ReadOnlyDirectory checked(ReadOnlyDirectory readOnly) throws IOException {
		Path probe = readOnly.dir.resolve("probe");
		try {
			Files.writeString(probe, "x");
			Files.delete(probe);
			readOnly.close();
			Assumptions.abort("cannot make " + readOnly.dir + " read-only here (root without chattr)");
		}
		catch (IOException expected) {
			// Read-only as wanted.
		}
		return readOnly;
	}

	@Override
	public void close() throws IOException {
		if (this.chattr) {
			Shell.run(this.dir, "chattr", "-i", this.dir.toString());
		}
		else {
			Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

}
