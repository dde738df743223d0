package dev.mamori.backup.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import dev.mamori.backup.archive.ArchiveWriter;
import dev.mamori.backup.archive.Manifest;

/**
 * Walks a directory tree into {@code files/<id>/...}: relative paths, modes, times, symbolic links
 * stored as links and never followed, sockets and pipes skipped, include/exclude globs applied.
 * Unreadable files fail the run with their paths listed, unless the source allows them.
 */
public final class DirectorySourceWriter extends PathSourceHandler {

	private static final int MAX_LISTED = 20;

	/** A handler of directory trees. */
	public DirectorySourceWriter() {
		super("directory", List.of());
	}

	@Override
	public long estimateSize(Source source) {
		AtomicLong total = new AtomicLong();
		try {
			Files.walkFileTree(source.path(), new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					if (attrs.isRegularFile()) {
						total.addAndGet(attrs.size());
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException exc) {
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			return total.get();
		}
		return total.get();
	}

	@Override
	public Manifest.SourceInfo write(Source source, Prepared prepared, ArchiveWriter archive, LongConsumer progress)
			throws IOException, SourceException {
		Path root = source.path();
		if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
			throw new SourceException("source '" + source.id() + "': directory " + root + " does not exist");
		}
		String prefix = "files/" + source.id();
		PathFilter filter = new PathFilter(source.include(), source.exclude());
		List<String> unreadable = new ArrayList<>();
		long[] counts = new long[2];
		Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
				new SimpleFileVisitor<>() {
					@Override
					public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
						String relative = relative(root, dir);
						if (!relative.isEmpty() && filter.skipsDirectory(relative)) {
							return FileVisitResult.SKIP_SUBTREE;
						}
						archive.addDirectory(relative.isEmpty() ? prefix + "/" : prefix + "/" + relative + "/", dir);
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
						String relative = relative(root, file);
						if (!filter.includesFile(relative)) {
							return FileVisitResult.CONTINUE;
						}
						String name = prefix + "/" + relative;
						if (attrs.isSymbolicLink()) {
							archive.addSymlink(name, file);
						}
						else if (attrs.isRegularFile()) {
							if (!Files.isReadable(file)) {
								unreadable.add(file.toString());
								return FileVisitResult.CONTINUE;
							}
							try {
								Manifest.Entry entry = archive.addFile(name, file, progress);
								counts[0]++;
								counts[1] += entry.size();
							}
							catch (AccessDeniedException ex) {
								unreadable.add(file.toString());
							}
						}
						// Sockets, pipes and devices are not data.
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFileFailed(Path file, IOException exc) {
						unreadable.add(file + " (" + exc.getClass().getSimpleName() + ")");
						return FileVisitResult.CONTINUE;
					}
				});
		if (!unreadable.isEmpty() && !source.ignoreUnreadable()) {
			List<String> listed = unreadable.subList(0, Math.min(MAX_LISTED, unreadable.size()));
			throw new SourceException("source '" + source.id() + "': " + unreadable.size() + " unreadable file(s): "
					+ String.join(", ", listed) + ((unreadable.size() > MAX_LISTED) ? ", ..." : "")
					+ " (set ignore-unreadable: true to back up the rest)");
		}
		return new Manifest.SourceInfo(source.id(), "directory", root.toAbsolutePath().toString(), prefix + "/", null,
				null, counts[0], counts[1], List.copyOf(unreadable));
	}

	private static String relative(Path root, Path path) {
		return root.relativize(path).toString().replace('\\', '/');
	}

	@Override
	public RestoreAction action(Source source) {
		return new RestoreAction("directory-swap",
				"extract beside it while the app runs, then swap the directories by rename (the live one moved aside)");
	}

	@Override
	public String prepareStaged(Source source, Staging staging, Manifest.SourceInfo info) throws IOException {
		if (!Files.isDirectory(staging.stagedPath(), LinkOption.NOFOLLOW_LINKS)) {
			// A snapshot of an empty selection still restores an (empty) directory.
			Files.createDirectories(staging.stagedPath());
		}
		return staging.sourceId() + ": every file matched its SHA-256 while written";
	}

	/** Some files only: the staging's work file lists them, and each is swapped on its own. */
	@Override
	public Staging stage(Source source, long runId, Path workDir, String only) throws IOException, SourceException {
		Staging staging = stage(source, runId, workDir);
		return (only == null) ? staging : new Staging(staging.sourceId(), staging.type(), staging.live(), staging.staged(),
				staging.aside(), staging.hadLive(), staging.staged() + ".files");
	}

	@Override
	public String swap(Source source, Staging staging) throws IOException {
		if (staging.work() != null) {
			int files = FileMerge.swap(staging);
			return "put " + files + " selected file(s) in place in " + staging.live() + "; the rest is unchanged";
		}
		return super.swap(source, staging);
	}

	@Override
	public void undo(Source source, Staging staging) throws IOException {
		if (staging.work() != null) {
			FileMerge.undo(staging);
			return;
		}
		super.undo(source, staging);
	}

	@Override
	public String check(Source source, Staging staging, Manifest.SourceInfo info) throws SourceException {
		if (!Files.isDirectory(staging.livePath(), LinkOption.NOFOLLOW_LINKS)) {
			throw new SourceException(staging.sourceId() + ": " + staging.live() + " is not the restored directory");
		}
		return staging.sourceId() + ": " + info.files() + " files in place";
	}

	@Override
	public void discard(Source source, Staging staging) throws IOException {
		super.discard(source, staging);
		if (staging.work() != null) {
			Files.deleteIfExists(Path.of(staging.work()));
		}
	}

}
