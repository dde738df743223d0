package dev.mamori.backup.restore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.backup.source.Staging;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a restore is about to do to live data, on disk before it does it: one JSON file per run,
 * replaced atomically (write, fsync, rename, fsync the directory) at every phase. A process that
 * starts (server or CLI) finishes or undoes every journal it finds whose app lock nobody holds.
 */
public final class RestoreJournal {

	private static final JsonMapper json = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path directory;

	/**
	 * @param directory where journals live, such as {@code <data-dir>/restore-journal}
	 */
	public RestoreJournal(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	/**
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Writes (or replaces) a run's entry durably.
	 * @param entry the entry
	 */
	public void write(Entry entry) throws IOException {
		Files.createDirectories(this.directory);
		Path file = fileOf(entry.appId(), entry.runId());
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		ArchiveFiles.writeDurably(temp, json.writeValueAsBytes(entry));
		Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		ArchiveFiles.syncDirectory(this.directory);
	}

	/**
	 * @param entry a finished run's entry
	 */
	public void remove(Entry entry) throws IOException {
		Files.deleteIfExists(fileOf(entry.appId(), entry.runId()));
		ArchiveFiles.syncDirectory(this.directory);
	}

	/**
	 * @return every journal entry on disk, unreadable ones named in the exception list
	 */
	public List<Entry> entries() throws IOException {
		List<Entry> entries = new ArrayList<>();
		if (!Files.isDirectory(this.directory)) {
			return entries;
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".journal.json")).sorted().toList()) {
				try {
					entries.add(json.readValue(file.toFile(), Entry.class));
				}
				catch (JacksonException ex) {
					throw new IOException("restore journal " + file + " is unreadable: " + ex.getOriginalMessage(), ex);
				}
			}
		}
		return entries;
	}

	/**
	 * Takes the app's restore lock, across processes: held while a restore of the app runs here or
	 * in another Mamori process (server or CLI).
	 * @param appId the app
	 * @return the lock, or {@code null} when another process (or thread) holds it
	 */
	public Lock lock(String appId) throws IOException {
		Files.createDirectories(this.directory);
		FileChannel channel = FileChannel.open(this.directory.resolve(appId + ".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		try {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				channel.close();
				return null;
			}
			return new Lock(channel, lock);
		}
		catch (OverlappingFileLockException ex) {
			channel.close();
			return null;
		}
	}

	private Path fileOf(String appId, long runId) {
		return this.directory.resolve(appId + "_" + runId + ".journal.json");
	}

	/** Where a run is: each phase is written before the work it names begins. */
	public enum Phase {

		/** Extracting beside the targets; nothing live touched. */
		STAGING,

		/** The service is being stopped or is stopped, sources being swapped or checked. */
		LIVE,

		/** A failure after the stop: putting the previous data back. */
		ROLLING_BACK,

		/** Succeeded and healthy; the aside data still waits to be archived and removed. */
		SUCCEEDED

	}

	/**
	 * One run's journal.
	 * @param runId the run (negative for a CLI run)
	 * @param appId the app
	 * @param archive the archive restored from
	 * @param destination where the pre-restore archive goes
	 * @param phase where the run is
	 * @param serviceStopped whether the stop command was (or was about to be) run
	 * @param startCommand the command id that starts the app, or {@code null}
	 * @param healthUrl the app's health URL, or {@code null}
	 * @param sources each source's staging, in restore order
	 * @param startedAt when the run began
	 * @param compressionLevel zstd level of the pre-restore archive
	 * @param recipients the age recipients the pre-restore archive is encrypted to (public keys), none
	 * for a plain one
	 */
	public record Entry(long runId, String appId, String archive, String destination, Phase phase,
			boolean serviceStopped, String startCommand, String healthUrl, List<SourceEntry> sources, Instant startedAt,
			int compressionLevel, List<String> recipients) {

		public Entry {
			// Journals written before encryption existed have none.
			recipients = (recipients != null) ? List.copyOf(recipients) : List.of();
		}

		Entry with(Phase phase, boolean serviceStopped) {
			return new Entry(this.runId, this.appId, this.archive, this.destination, phase, serviceStopped,
					this.startCommand, this.healthUrl, this.sources, this.startedAt, this.compressionLevel,
					this.recipients);
		}

	}

	/**
	 * One source as the journal keeps it: enough to rebuild the declared source without secrets.
	 * @param staging where it is staged and set aside
	 * @param path the live path (files), or {@code null}
	 * @param url the JDBC URL (PostgreSQL), or {@code null}; never with a password
	 * @param username the database user, or {@code null}
	 */
	public record SourceEntry(Staging staging, String path, String url, String username) {
	}

	/** An app's restore lock; close to release. */
	public static final class Lock implements AutoCloseable {

		private final FileChannel channel;

		private final FileLock lock;

		Lock(FileChannel channel, FileLock lock) {
			this.channel = channel;
			this.lock = lock;
		}

		@Override
		public void close() throws IOException {
			try {
				this.lock.release();
			}
			finally {
				this.channel.close();
			}
		}

	}

}
