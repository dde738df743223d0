package dev.mamori.backup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalNotFoundException;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read the archives and sidecars a backup writes. By default the owner only ({@code 0600}):
 * an archive holds the app's database and its {@code .env}. With a group, {@code 0640} and that group,
 * for example for an operator account that copies the drive.
 *
 * @param group the group that may read archives, or none for the owner only
 */
@Validated
@ConfigurationProperties("mamori.backup.files")
public record ArchivePermissions(
		@Pattern(regexp = "[a-z_][a-z0-9_-]{0,31}", message = "must be a group name such as 'backup'") String group) {

	/** Owner only. */
	public static final ArchivePermissions OWNER_ONLY = new ArchivePermissions(null);

	public ArchivePermissions {
		if (group != null && group.isBlank()) {
			group = null;
		}
		if (group != null && group.matches("[a-z_][a-z0-9_-]{0,31}")) {
			try {
				FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
			}
			catch (UserPrincipalNotFoundException ex) {
				throw new IllegalArgumentException("mamori.backup.files.group: the group '" + group
						+ "' does not exist on this machine");
			}
			catch (IOException | UnsupportedOperationException ex) {
				throw new IllegalArgumentException("mamori.backup.files.group: groups cannot be looked up here ("
						+ ex.getMessage() + ")");
			}
		}
	}

}
