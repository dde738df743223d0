package dev.mamori.backup.destination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The checks made before a backup writes anything, in the order a person would make them by hand:
 * is the drive there, is it the right drive, can we write, is there room.
 */
public final class DestinationCheck {

	/** Name of the marker file that identifies a destination, like a USB label. */
	public static final String MARKER_FILE = ".mamori-destination";

	/** Free space needed, as a multiple of the app's previous archive. */
	public static final double SPACE_FACTOR = 1.2;

	private DestinationCheck() {
	}

	/**
	 * @param destination the directory
	 * @param expectedMarker the text {@value #MARKER_FILE} must hold, or {@code null} for no check
	 * @param previousArchiveSize the app's last archive size, or 0 when there is none
	 * @throws DestinationException when the destination must not be written to
	 */
	public static void check(Path destination, String expectedMarker, long previousArchiveSize)
			throws DestinationException {
		if (!Files.exists(destination)) {
			throw new DestinationException("destination " + destination
					+ " does not exist (is the drive mounted?); create it or fix mamori.apps.<app>.backup.destination");
		}
		if (!Files.isDirectory(destination)) {
			throw new DestinationException("destination " + destination + " is not a directory");
		}
		if (expectedMarker != null && !expectedMarker.isBlank()) {
			Path marker = destination.resolve(MARKER_FILE);
			if (!Files.isRegularFile(marker)) {
				throw new DestinationException("destination " + destination + " has no " + MARKER_FILE
						+ " file; expected one containing '" + expectedMarker + "' (wrong drive, or not mounted?)");
			}
			String found;
			try {
				found = Files.readString(marker, StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new DestinationException("cannot read " + marker + ": " + ex.getMessage());
			}
			if (!found.equals(expectedMarker.strip())) {
				throw new DestinationException("destination " + destination + " is marked '" + found
						+ "' but this app expects '" + expectedMarker + "' (wrong drive?)");
			}
		}
		// Permissions can lie (root, read-only mounts, immutable flags): only a real write tells.
		Path probe = destination.resolve(".mamori-write-test-" + UUID.randomUUID());
		try {
			Files.write(probe, new byte[] { 1 });
			Files.delete(probe);
		}
		catch (IOException ex) {
			throw new DestinationException("destination " + destination + " is not writable (" + reason(ex) + ")");
		}
		try {
			long free = Files.getFileStore(destination).getUsableSpace();
			long needed = (long) Math.ceil(previousArchiveSize * SPACE_FACTOR);
			if (free < needed) {
				throw new DestinationException("not enough free space on " + destination + ": " + human(free)
						+ " free, " + human(needed) + " needed (" + SPACE_FACTOR + " x the previous archive)");
			}
		}
		catch (IOException ex) {
			throw new DestinationException("cannot read free space of " + destination + ": " + ex.getMessage());
		}
	}

	private static String reason(IOException ex) {
		String message = ex.getMessage();
		String type = ex.getClass().getSimpleName();
		if (ex instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
			return fse.getReason();
		}
		return (message != null) ? type + ": " + message : type;
	}

	/**
	 * @param bytes a size
	 * @return it in KB, MB or GB with one decimal
	 */
	public static String human(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KB", "MB", "GB", "TB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
	}

}
