package dev.mamori.backup.source;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Include and exclude globs as people expect them from .gitignore and restic: a pattern without a
 * slash matches a name at any depth ({@code *.tmp}); a pattern with one matches the path relative
 * to the source ({@code cache/**}).
 */
final class PathFilter {

	private final List<Rule> includes;

	private final List<Rule> excludes;

	PathFilter(List<String> includes, List<String> excludes) {
		this.includes = includes.stream().map(Rule::new).toList();
		this.excludes = excludes.stream().map(Rule::new).toList();
	}

	boolean skipsDirectory(String relative) {
		return this.excludes.stream().anyMatch((r) -> r.matches(relative) || r.matches(relative + "/"));
	}

	boolean includesFile(String relative) {
		if (this.excludes.stream().anyMatch((r) -> r.matches(relative))) {
			return false;
		}
		return this.includes.isEmpty() || this.includes.stream().anyMatch((r) -> r.matches(relative));
	}

	private static final class Rule {

		private final PathMatcher matcher;

		private final boolean nameOnly;

		Rule(String pattern) {
			this.nameOnly = !pattern.contains("/");
			this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		}

		boolean matches(String relative) {
			if (this.nameOnly) {
				String name = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
				int slash = name.lastIndexOf('/');
				return this.matcher.matches(Path.of(name.substring(slash + 1)));
			}
			return this.matcher.matches(Path.of(relative)) || (relative.endsWith("/") && this.matcher.matches(Path.of(relative + "x")));
		}

	}

}
