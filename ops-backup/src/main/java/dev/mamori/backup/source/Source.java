package dev.mamori.backup.source;

import java.nio.file.Path;
import java.util.List;

import dev.mamori.core.Secrets;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One thing to back up, under {@code mamori.apps.<id>.sources[n]}; it lives here, beside the
 * handlers that read it.
 * @param id unique within the app; names the entry in the archive
 * @param type {@code sqlite}, {@code postgres}, {@code directory} or {@code file}
 * @param path file or directory (sqlite, directory, file)
 * @param url JDBC URL (postgres)
 * @param username database user (postgres)
 * @param password database password (postgres); use an environment placeholder such as
 * {@code ${MKS_DB_PASSWORD}}; never logged or shown
 * @param include glob patterns, relative to the directory, of files to include (all when empty)
 * @param exclude glob patterns, relative to the directory, of files and directories to leave out
 * @param ignoreUnreadable record unreadable files as warnings instead of failing the run
 */
public record Source(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}") String id, @NotNull SourceType type,
		Path path, String url, String username, String password, @DefaultValue List<String> include,
		@DefaultValue List<String> exclude, @DefaultValue("false") boolean ignoreUnreadable) {

	/**
	 * @return the JDBC URL with any password in it masked, or {@code null}
	 */
	public String maskedUrl() {
		return Secrets.maskUrl(this.url);
	}

	/**
	 * @return where the source is, as pages show it: the path, or the JDBC URL with any password masked
	 */
	public String location() {
		return (this.path != null) ? this.path.toString() : maskedUrl();
	}

	@Override
	public String toString() {
		return "Source[id=" + this.id + ", type=" + this.type + ", path=" + this.path + ", url=" + this.url + "]";
	}

}

