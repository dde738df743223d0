package dev.mamori.backup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.archive.ArchiveJson;
import dev.mamori.backup.archive.Manifest;
import dev.mamori.backup.restore.PreRestoreArchive;

/**
 * What the command line needs from a target on a bare machine, with no database: list an app's
 * archives and download one, verified, beside its sidecars.
 */
public final class TargetDownloads {

	private TargetDownloads() {
	}

	/**
	 * Downloads an app's archive from a target into a directory, checking its SHA-256 against the
	 * checksum file beside it on the target.
	 * @param id the target's id
	 * @param target its settings
	 * @param env the environment (secrets)
	 * @param appId the app
	 * @param snapshot an archive's file name, or {@code null} for the newest that is not a pre-restore
	 * archive
	 * @param directory where to put it
	 * @return the downloaded archive
	 * @throws IOException when the target cannot be reached, holds no such archive, or the download is
	 * damaged
	 */
	public static Path download(String id, TargetsProperties.Target target, UnaryOperator<String> env, String appId,
			String snapshot, Path directory) throws IOException {
		try (RemoteStore store = Targets.open(id, target, env)) {
			List<String> names = new ArrayList<>(Copier.list(store, appId));
			String chosen = null;
			if (snapshot != null) {
				chosen = names.contains(snapshot) ? snapshot : null;
			}
			else {
				for (int i = names.size() - 1; i >= 0 && chosen == null; i--) {
					try (InputStream in = store.open(Copier.key(appId, names.get(i)) + ArchiveFiles.MANIFEST_SUFFIX)) {
						Manifest manifest = ArchiveJson.read(in);
						if (!manifest.tags().contains(PreRestoreArchive.TAG)) {
							chosen = names.get(i);
						}
					}
				}
			}
			if (chosen == null) {
				throw new IOException("no " + ((snapshot != null) ? "archive named " + snapshot : "archive") + " of app '"
						+ appId + "' on " + target.describe());
			}
			Throttle throttle = (target.maxRate() != null) ? new Throttle(target.maxRate().toBytes()) : Throttle.NONE;
			return Copier.download(store, appId, chosen, directory, null, throttle);
		}
	}

	/**
	 * @param name an environment variable
	 * @return its value, else a Java system property of that name, else {@code null}
	 */
	public static String secret(String name) {
		String value = System.getenv(name);
		return (value != null) ? value : System.getProperty(name);
	}

}
