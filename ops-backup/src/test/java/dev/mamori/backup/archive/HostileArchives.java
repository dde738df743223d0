package dev.mamori.backup.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes hostile archives, each with a {@code .sha256} and a sidecar manifest exactly as
 * {@link ArchiveWriter} writes them (so only the hostile part is wrong), built with a tar library
 * rather than Mamori's writer, which would never produce them. Every archive has the layout of the
 * test apps: an SQLite source {@code db} ({@code db/db.sqlite}), a directory source
 * {@code uploads} ({@code files/uploads/}) and a file source {@code env}
 * ({@code config/env/.env}); the hostile entries are added under {@code files/uploads/}.
 * <p>
 * Reused by ops-app (test-jar) to run the API and CLI restores on each {@link Case}.
 */
public final class HostileArchives {

	/** The modification time of every entry. */
	public static final Instant MTIME = Instant.parse("2026-11-20T10:15:30Z");

	/** Contents of the good archive's files, by entry name. */
	public static final Map<String, String> TEXT = Map.of("files/uploads/readme.txt", "uploads\n",
			"files/uploads/photos/p1.bin", "not really a photo, but bytes all the same\n", "config/env/.env",
			"DATABASE=master.db\nSECRET_KEY=restored\n");

	/**
	 * Where the archive's sources came from, as the manifests record it.
	 * @param app the app id
	 * @param database the SQLite source's location; when it is a file, its bytes are archived as
	 * {@code db/db.sqlite} (so a real database passes {@code integrity_check} after a restore)
	 * @param uploads the directory source's location
	 * @param env the file source's location
	 */
	public record Layout(String app, Path database, Path uploads, Path env) {

		/**
		 * @return app {@code ecm} under {@code /srv/ecm}, with no real database
		 */
		public static Layout sample() {
			return new Layout("ecm", Path.of("/srv/ecm/master.db"), Path.of("/srv/ecm/uploads"),
					Path.of("/srv/ecm/.env"));
		}

	}

	/**
	 * Each hostile archive, the entry its refusal names, and whether it is refused at all.
	 */
	public enum Case {

		/** {@code a -> .}, {@code b -> a/..}, {@code b/c -> a/..}, then {@code b/c/outside/victim.txt}. */
		SYMLINK_CHAIN("files/uploads/b/c", true),
		/** A link leading outside, then a regular file of the same name that would be written through it. */
		LINK_THEN_FILE("files/uploads/escape", true),
		/** A hard link. */
		HARD_LINK("files/uploads/hard", true),
		/** A character device (like {@code /dev/null}). */
		CHAR_DEVICE("files/uploads/null", true),
		/** A FIFO. */
		FIFO("files/uploads/pipe", true),
		/** A setuid, setgid, sticky file: extracted without those bits, not refused. */
		SETUID("files/uploads/tool.sh", false),
		/** The same name twice. */
		DUPLICATE("files/uploads/readme.txt", true),
		/** 1 GiB of zeros (about 40 KB compressed) whose manifests declare 1 KiB. */
		BOMB_SMALL_DECLARED("files/uploads/bomb.bin", true),
		/** 64 MiB of zeros whose manifests declare 1 PiB: refused by the free-space check first. */
		BOMB_HUGE_DECLARED("files/uploads/bomb.bin", true),
		/** The sidecar gives the directory source another location than the manifest inside. */
		SIDECAR_LOCATION("source 'uploads'", true),
		/** The sidecar gives an entry another SHA-256 than the manifest inside (and the content). */
		SIDECAR_ENTRY("files/uploads/readme.txt", true),
		/** An absolute entry name. */
		ABSOLUTE_NAME("mamori-evil.txt", true),
		/** An entry name climbing out with {@code ..}. */
		DOT_DOT_NAME("files/uploads/../../evil.txt", true);

		private final String named;

		private final boolean refused;

		Case(String named, boolean refused) {
			this.named = named;
			this.refused = refused;
		}

		/**
		 * @return what the refusal message names (the entry, or the source for a manifest mismatch)
		 */
		public String named() {
			return this.named;
		}

		/**
		 * @return whether extraction and verification refuse it
		 */
		public boolean refused() {
			return this.refused;
		}

		/**
		 * @param directory where the archive and its sidecars go
		 * @param layout the sources
		 * @return the archive
		 */
		public Path write(Path directory, Layout layout) throws IOException {
			return switch (this) {
				case SYMLINK_CHAIN -> symlinkChain(directory, layout);
				case LINK_THEN_FILE -> linkThenFile(directory, layout);
				case HARD_LINK -> hardLink(directory, layout);
				case CHAR_DEVICE -> charDevice(directory, layout);
				case FIFO -> fifo(directory, layout);
				case SETUID -> setuid(directory, layout);
				case DUPLICATE -> duplicate(directory, layout);
				case BOMB_SMALL_DECLARED -> bombSmallDeclared(directory, layout);
				case BOMB_HUGE_DECLARED -> bombHugeDeclared(directory, layout);
				case SIDECAR_LOCATION -> sidecarLocationMismatch(directory, layout);
				case SIDECAR_ENTRY -> sidecarEntryMismatch(directory, layout);
				case ABSOLUTE_NAME -> absoluteName(directory, layout);
				case DOT_DOT_NAME -> dotDotName(directory, layout);
			};
		}

	}

	private HostileArchives() {
	}

	/**
	 * A good archive of the same layout: directories, files with modes, a link and a chain of links
	 * that stay inside {@code files/uploads/}.
	 * @param directory where the archive and its sidecars go
	 * @param layout the sources
	 * @return the archive
	 */
	public static Path good(Path directory, Layout layout) throws IOException {
		return new Spec(layout, 0).write(directory);
	}

	/**
	 * {@code a -> .}, {@code b -> a/..}, {@code b/c -> a/..}, then the file
	 * {@code b/c/outside/victim.txt}: each link looks harmless to a text-only check, together they
	 * reach outside, and an extractor that follows them overwrites {@code outside/victim.txt}.
	 */
	public static Path symlinkChain(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 1);
		spec.link("files/uploads/a", ".");
		spec.link("files/uploads/b", "a/..");
		spec.link("files/uploads/b/c", "a/..");
		spec.file("files/uploads/b/c/outside/victim.txt", "owned\n", 0644);
		return spec.write(directory);
	}

	/** A link to {@code ../../canary.txt}, then a file of the same name with new content. */
	public static Path linkThenFile(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 2);
		spec.link("files/uploads/escape", "../../canary.txt");
		spec.file("files/uploads/escape", "owned\n", 0644);
		return spec.write(directory);
	}

	/** A hard link to another entry. */
	public static Path hardLink(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 3);
		TarArchiveEntry entry = new TarArchiveEntry("files/uploads/hard", TarConstants.LF_LINK);
		entry.setLinkName("files/uploads/readme.txt");
		spec.raw(entry);
		return spec.write(directory);
	}

	/** A character device 1,3 ({@code /dev/null}). */
	public static Path charDevice(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 4);
		TarArchiveEntry entry = new TarArchiveEntry("files/uploads/null", TarConstants.LF_CHR);
		entry.setDevMajor(1);
		entry.setDevMinor(3);
		entry.setMode(0666);
		spec.raw(entry);
		return spec.write(directory);
	}

	/** A FIFO. */
	public static Path fifo(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 5);
		TarArchiveEntry entry = new TarArchiveEntry("files/uploads/pipe", TarConstants.LF_FIFO);
		entry.setMode(0644);
		spec.raw(entry);
		return spec.write(directory);
	}

	/** A file with mode {@code 07755}: setuid, setgid and sticky, which extraction drops. */
	public static Path setuid(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 6);
		spec.file("files/uploads/tool.sh", "#!/bin/sh\necho hi\n", 07755);
		return spec.write(directory);
	}

	/** {@code files/uploads/readme.txt} twice, the second with other content. */
	public static Path duplicate(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 7);
		// Listed once, as a forger rewriting the manifest would.
		spec.file(new TarArchiveEntry("files/uploads/readme.txt"), "replaced\n".getBytes(StandardCharsets.UTF_8), 0644,
				false);
		return spec.write(directory);
	}

	/** 1 GiB of zeros whose manifests (both, as a forger would) declare 1 KiB. */
	public static Path bombSmallDeclared(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 8);
		spec.zeros("files/uploads/bomb.bin", 1L << 30, new Manifest.Entry("files/uploads/bomb.bin", 1024,
				"0".repeat(64)));
		return spec.write(directory);
	}

	/** 64 MiB of zeros whose manifests declare 1 PiB, more than any disk a test runs on. */
	public static Path bombHugeDeclared(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 9);
		spec.zeros("files/uploads/bomb.bin", 64L << 20, new Manifest.Entry("files/uploads/bomb.bin", 1L << 50,
				"0".repeat(64)));
		return spec.write(directory);
	}

	/** A good archive whose sidecar says the uploads came from {@code /elsewhere/uploads}. */
	public static Path sidecarLocationMismatch(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 10);
		spec.sidecar = (manifest) -> new Manifest(manifest.format(), manifest.app(), manifest.appName(),
				manifest.createdAt(), manifest.zone(), manifest.host(), manifest.mamoriVersion(), manifest.tags(),
				manifest.tools(), manifest.sources().stream().map((s) -> "uploads".equals(s.id())
						? new Manifest.SourceInfo(s.id(), s.type(), "/elsewhere/uploads", s.entryPrefix(),
								s.engineVersion(), s.rowCounts(), s.files(), s.bytes(), s.warnings())
						: s).toList(), manifest.entries());
		return spec.write(directory);
	}

	/** A good archive whose sidecar gives {@code files/uploads/readme.txt} another SHA-256. */
	public static Path sidecarEntryMismatch(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 11);
		spec.sidecar = (manifest) -> new Manifest(manifest.format(), manifest.app(), manifest.appName(),
				manifest.createdAt(), manifest.zone(), manifest.host(), manifest.mamoriVersion(), manifest.tags(),
				manifest.tools(), manifest.sources(), manifest.entries().stream().map((e) -> e.path()
					.equals("files/uploads/readme.txt") ? new Manifest.Entry(e.path(), e.size(), "ab".repeat(32)) : e)
					.toList());
		return spec.write(directory);
	}

	/** An entry named {@code /tmp/mamori-evil.txt}. */
	public static Path absoluteName(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 12);
		spec.file(new TarArchiveEntry("/tmp/mamori-evil.txt", true), "owned\n", 0644);
		return spec.write(directory);
	}

	/** An entry named {@code files/uploads/../../evil.txt}. */
	public static Path dotDotName(Path directory, Layout layout) throws IOException {
		Spec spec = new Spec(layout, 13);
		spec.file("files/uploads/../../evil.txt", "owned\n", 0644);
		return spec.write(directory);
	}

	/** One archive: the good layout, hostile entries after it, then the manifest; and its sidecars. */
	private static final class Spec {

		private final Layout layout;

		private final int ordinal;

		private final List<Item> items = new ArrayList<>();

		/** Forges the sidecar from the true manifest; unchanged by default. */
		UnaryOperator<Manifest> sidecar = UnaryOperator.identity();

		private record Item(TarArchiveEntry entry, byte[] content, long zeros, Manifest.Entry listed) {
		}

		Spec(Layout layout, int ordinal) throws IOException {
			this.layout = layout;
			this.ordinal = ordinal;
			directory("files/uploads/");
			directory("files/uploads/photos/");
			file("files/uploads/photos/p1.bin", TEXT.get("files/uploads/photos/p1.bin"), 0600);
			file("files/uploads/readme.txt", TEXT.get("files/uploads/readme.txt"), 0640);
			link("files/uploads/latest", "photos/p1.bin");
			// A chain that stays inside: photos/current -> ../latest -> photos/p1.bin.
			link("files/uploads/photos/current", "../latest");
			file("config/env/.env", TEXT.get("config/env/.env"), 0600);
			Path database = layout.database();
			byte[] db = (database != null && Files.isRegularFile(database)) ? Files.readAllBytes(database)
					: "not an SQLite file, only bytes\n".getBytes(StandardCharsets.UTF_8);
			file(new TarArchiveEntry("db/db.sqlite"), db, 0644, true);
		}

		void directory(String name) {
			TarArchiveEntry entry = new TarArchiveEntry(name);
			entry.setMode(040755);
			raw(entry);
		}

		void link(String name, String target) {
			TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
			entry.setLinkName(target);
			raw(entry);
		}

		void raw(TarArchiveEntry entry) {
			entry.setModTime(MTIME.toEpochMilli());
			this.items.add(new Item(entry, new byte[0], 0, null));
		}

		void file(String name, String text, int mode) {
			file(new TarArchiveEntry(name), text, mode);
		}

		void file(TarArchiveEntry entry, String text, int mode) {
			file(entry, text.getBytes(StandardCharsets.UTF_8), mode, true);
		}

		void file(TarArchiveEntry entry, byte[] content, int mode, boolean listed) {
			entry.setMode(0100000 | mode);
			entry.setSize(content.length);
			entry.setModTime(MTIME.toEpochMilli());
			this.items.add(new Item(entry, content, 0, listed
					? new Manifest.Entry(entry.getName(), content.length, HexFormat.of().formatHex(sha256(content)))
					: null));
		}

		/** Zeros streamed into the tar, never held in memory; listed as the forger says. */
		void zeros(String name, long size, Manifest.Entry listed) {
			TarArchiveEntry entry = new TarArchiveEntry(name);
			entry.setMode(0100644);
			entry.setSize(size);
			entry.setModTime(MTIME.toEpochMilli());
			this.items.add(new Item(entry, null, size, listed));
		}

		Path write(Path directory) throws IOException {
			Files.createDirectories(directory);
			String name = String.format("%s_20261123_0300%02d%s", this.layout.app(), this.ordinal,
					ArchiveFiles.EXTENSION);
			Path archive = directory.resolve(name);
			List<Manifest.Entry> entries = new ArrayList<>();
			for (Item item : this.items) {
				if (item.listed() != null) {
					entries.add(item.listed());
				}
			}
			Manifest manifest = manifest(entries);
			byte[] json = ArchiveJson.write(manifest);
			MessageDigest fileDigest = ArchiveWriter.sha256();
			try (OutputStream file = new java.security.DigestOutputStream(
					new BufferedOutputStream(Files.newOutputStream(archive), 1 << 20), fileDigest);
					ZstdOutputStream zstd = new ZstdOutputStream(file, 3);
					TarArchiveOutputStream tar = new TarArchiveOutputStream(zstd, "UTF-8")) {
				zstd.setChecksum(true);
				tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
				tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
				tar.setAddPaxHeadersForNonAsciiNames(true);
				byte[] zeros = new byte[1 << 20];
				for (Item item : this.items) {
					tar.putArchiveEntry(item.entry());
					if (item.content() != null) {
						tar.write(item.content());
					}
					for (long left = item.zeros(); left > 0; left -= zeros.length) {
						tar.write(zeros, 0, (int) Math.min(zeros.length, left));
					}
					tar.closeArchiveEntry();
				}
				TarArchiveEntry entry = new TarArchiveEntry(Manifest.ENTRY_NAME);
				entry.setSize(json.length);
				entry.setMode(0644);
				entry.setModTime(MTIME.toEpochMilli());
				tar.putArchiveEntry(entry);
				tar.write(json);
				tar.closeArchiveEntry();
				tar.finish();
			}
			String checksum = HexFormat.of().formatHex(fileDigest.digest());
			// As ArchiveWriter.finish writes them.
			ArchiveFiles.writeDurably(ArchiveFiles.manifestOf(archive),
					ArchiveJson.write(this.sidecar.apply(manifest)));
			ArchiveFiles.writeDurably(ArchiveFiles.checksumOf(archive),
					(checksum + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
			return archive;
		}

		private Manifest manifest(List<Manifest.Entry> entries) {
			long uploads = entries.stream().filter((e) -> e.path().startsWith("files/")).count();
			List<Manifest.SourceInfo> sources = List.of(
					new Manifest.SourceInfo("db", "sqlite", String.valueOf(this.layout.database()), "db/db.sqlite", "3",
							Map.of(), 1, 0, List.of()),
					new Manifest.SourceInfo("uploads", "directory", this.layout.uploads().toString(), "files/uploads/",
							null, null, uploads, 0, List.of()),
					new Manifest.SourceInfo("env", "file", this.layout.env().toString(), "config/env/.env", null, null,
							1, 0, List.of()));
			return new Manifest(Manifest.FORMAT, this.layout.app(), "Hostile " + this.layout.app(),
					MTIME.plusSeconds(this.ordinal), "UTC", "test", "test", List.of(), Map.of(), sources, entries);
		}

	}

	static byte[] sha256(byte[] content) {
		return ArchiveWriter.sha256().digest(content);
	}

}
