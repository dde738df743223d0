package dev.mamori.selfstate;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import dev.mamori.backup.archive.ArchiveFiles;
import dev.mamori.core.Actor;
import dev.mamori.core.audit.AuditChain;
import dev.mamori.core.audit.AuditOutcome;
import dev.mamori.core.audit.AuditVerification;
import dev.mamori.core.error.ErrorMessages;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state bundle {@code mamori-state.zip} (format {@code mamori-state/1}): a ZIP file beside the
 * archives with the configuration files as loaded (secrets referenced, see {@link ConfigRedaction}),
 * {@code users.json}, {@code tokens.json}, {@code monitors.json}, {@code audit.jsonl} (one event a
 * line, oldest first) and, last, {@code manifest.json} with the size and SHA-256 of every other
 * entry and the audit chain head. Written to a temporary name, fsynced and renamed over the previous
 * bundle, so the drive always holds one whole bundle. docs/archive-format.md describes it.
 */
public final class SelfStateBundle {

	/** The bundle's file name in a destination. */
	public static final String FILE_NAME = "mamori-state.zip";

	/** The format this version writes and reads. */
	public static final String FORMAT = "mamori-state/1";

	static final String MANIFEST = "manifest.json";

	static final String USERS = "users.json";

	static final String TOKENS = "tokens.json";

	static final String MONITORS = "monitors.json";

	static final String AUDIT = "audit.jsonl";

	private static final JsonMapper json = JsonMapper.builder()
		.disable(SerializationFeature.INDENT_OUTPUT)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final JsonMapper pretty = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Path file;

	private final Manifest manifest;

	private final List<UserEntry> users;

	private final List<TokenEntry> tokens;

	private final List<MonitorEntry> monitors;

	private final Map<String, String> configFiles;

	private SelfStateBundle(Path file, Manifest manifest, List<UserEntry> users, List<TokenEntry> tokens,
			List<MonitorEntry> monitors, Map<String, String> configFiles) {
		this.file = file;
		this.manifest = manifest;
		this.users = users;
		this.tokens = tokens;
		this.monitors = monitors;
		this.configFiles = configFiles;
	}

	// Writing

	/**
	 * Writes (or replaces) the bundle in a directory: a temporary file created owner-only
	 * ({@code 0600}), given to the group when one is configured ({@code 0640}), fsynced, renamed over
	 * {@value #FILE_NAME}, the directory fsynced. On failure the previous bundle stays as it was.
	 * @param directory the destination
	 * @param contents what goes in
	 * @param group the group that may read archives, or {@code null}
	 * @return the bundle file
	 */
	public static Path write(Path directory, Contents contents, String group) throws IOException {
		Path target = directory.resolve(FILE_NAME);
		Path temp = directory.resolve("." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
		ArchiveFiles.createOwnerOnly(temp);
		try {
			try (OutputStream out = Files.newOutputStream(temp)) {
				writeZip(out, contents);
			}
			// Files.newOutputStream does not fsync; force through a channel before the rename.
			try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			if (group != null) {
				ArchiveFiles.shareWithGroup(temp, group);
			}
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			ArchiveFiles.syncDirectory(directory);
			return target;
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static void writeZip(OutputStream out, Contents contents) throws IOException {
		List<EntryInfo> entries = new ArrayList<>();
		List<ConfigFile> configs = new ArrayList<>();
		try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
			int n = 1;
			for (ConfigFile config : contents.configFiles()) {
				String name = "config/" + (n++) + "-" + config.source().getFileName();
				entries.add(entry(zip, name, (o) -> o.write(config.text().getBytes(StandardCharsets.UTF_8))));
				configs.add(new ConfigFile(name, config.source(), null, config.redactedKeys()));
			}
			entries.add(entry(zip, USERS, (o) -> pretty.writeValue(nonClosing(o), contents.users())));
			entries.add(entry(zip, TOKENS, (o) -> pretty.writeValue(nonClosing(o), contents.tokens())));
			entries.add(entry(zip, MONITORS, (o) -> pretty.writeValue(nonClosing(o), contents.monitors())));
			long[] events = new long[1];
			String[] head = { AuditChain.GENESIS };
			entries.add(entry(zip, AUDIT, (o) -> contents.audit().forEach((event) -> {
				byte[] line = json.writeValueAsBytes(event);
				try {
					o.write(line);
					o.write('\n');
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
				events[0]++;
				head[0] = event.hash();
			})));
			if (!head[0].equals(contents.auditHeadHash())) {
				throw new IOException("the audit log changed while it was read (chain head " + contents.auditHeadHash()
						+ ", last event read " + head[0] + ")");
			}
			List<String> configNames = new ArrayList<>();
			for (ConfigFile config : configs) {
				configNames.add(config.entry());
			}
			Manifest manifest = new Manifest(FORMAT, contents.createdAt().toString(), contents.host(),
					contents.mamoriVersion(), contents.app(), contents.snapshot(),
					new Counts(contents.users().size(), contents.tokens().size(), contents.monitors().size(), events[0]),
					head[0],
					configs.stream().map((c) -> new ConfigInfo(c.entry(), c.source().toString(), c.redactedKeys())).toList(),
					contents.environment(), entries);
			ZipEntry manifestEntry = new ZipEntry(MANIFEST);
			zip.putNextEntry(manifestEntry);
			pretty.writeValue(nonClosing(zip), manifest);
			zip.closeEntry();
		}
		catch (java.io.UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private interface Body {

		void write(OutputStream out) throws IOException;

	}

	private static EntryInfo entry(ZipOutputStream zip, String name, Body body) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		MessageDigest digest = sha256();
		CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(nonClosing(zip), digest));
		body.write(counted);
		counted.flush();
		zip.closeEntry();
		return new EntryInfo(name, counted.count, HexFormat.of().formatHex(digest.digest()));
	}

	private static OutputStream nonClosing(OutputStream out) {
		return new FilterOutputStream(out) {
			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				this.out.write(b, off, len);
			}

			@Override
			public void close() throws IOException {
				flush();
			}
		};
	}

	private static final class CountingOutputStream extends FilterOutputStream {

		long count;

		CountingOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

	// Reading

	/**
	 * Reads and checks a bundle completely before anything is done with it: the format, the size and
	 * SHA-256 of every entry against the manifest (no entry missing, none added), every record, and the
	 * audit chain from its first event to the head the manifest names.
	 * @param file the bundle
	 * @return the checked bundle
	 * @throws SelfStateException naming what does not check out
	 */
	public static SelfStateBundle read(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new SelfStateException(SelfStateException.Kind.MISSING, "no state bundle " + file);
		}
		try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
			ZipEntry manifestEntry = zip.getEntry(MANIFEST);
			if (manifestEntry == null) {
				throw invalid(file, "it has no " + MANIFEST);
			}
			Manifest manifest;
			try (InputStream in = zip.getInputStream(manifestEntry)) {
				manifest = json.readValue(in, Manifest.class);
			}
			catch (JacksonException ex) {
				throw invalid(file, MANIFEST + " is not readable: " + ErrorMessages.firstLine(ex.getOriginalMessage()));
			}
			if (!FORMAT.equals(manifest.format())) {
				throw invalid(file, "format '" + manifest.format() + "' is not " + FORMAT
						+ " (written by a newer Mamori?)");
			}
			checkEntries(file, zip, manifest);
			List<UserEntry> users = list(file, zip, USERS, new TypeReference<List<UserEntry>>() {
			});
			List<TokenEntry> tokens = list(file, zip, TOKENS, new TypeReference<List<TokenEntry>>() {
			});
			List<MonitorEntry> monitors = list(file, zip, MONITORS, new TypeReference<List<MonitorEntry>>() {
			});
			Map<String, String> configs = new LinkedHashMap<>();
			for (ConfigInfo config : manifest.config()) {
				try (InputStream in = zip.getInputStream(zip.getEntry(config.entry()))) {
					configs.put(config.entry(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			}
			SelfStateBundle bundle = new SelfStateBundle(file, manifest, users, tokens, monitors, configs);
			bundle.checkRecords();
			AuditVerification chain = AuditChain.verify(bundle.auditLinks(), manifest.auditHeadHash());
			if (!chain.ok()) {
				throw invalid(file, "its audit log does not verify"
						+ ((chain.firstBrokenId() != null) ? " at event " + chain.firstBrokenId() : "") + ": "
						+ chain.reason());
			}
			if (chain.eventsChecked() != manifest.counts().auditEvents()) {
				throw invalid(file, "the manifest counts " + manifest.counts().auditEvents() + " audit events, "
						+ AUDIT + " holds " + chain.eventsChecked());
			}
			return bundle;
		}
		catch (ZipException ex) {
			throw invalid(file, "it is not a readable ZIP file (" + ErrorMessages.firstLine(ex.getMessage()) + ")");
		}
		catch (NoSuchFileException ex) {
			throw new SelfStateException(SelfStateException.Kind.MISSING, "no state bundle " + file);
		}
		catch (IOException ex) {
			throw invalid(file, "it cannot be read: " + ErrorMessages.firstLine(ex.getMessage()));
		}
		catch (java.io.UncheckedIOException ex) {
			throw invalid(file, "it cannot be read: " + ErrorMessages.firstLine(ex.getCause().getMessage()));
		}
	}

	private static void checkEntries(Path file, ZipFile zip, Manifest manifest) throws IOException {
		Map<String, EntryInfo> declared = new LinkedHashMap<>();
		for (EntryInfo info : manifest.entries()) {
			declared.put(info.path(), info);
		}
		for (String required : List.of(USERS, TOKENS, MONITORS, AUDIT)) {
			if (!declared.containsKey(required)) {
				throw invalid(file, "the manifest does not list " + required);
			}
		}
		for (ConfigInfo config : manifest.config()) {
			if (!declared.containsKey(config.entry())) {
				throw invalid(file, "the manifest does not list " + config.entry());
			}
		}
		Enumeration<? extends ZipEntry> all = zip.entries();
		while (all.hasMoreElements()) {
			String name = all.nextElement().getName();
			if (!MANIFEST.equals(name) && !declared.containsKey(name)) {
				throw invalid(file, name + " is not listed in the manifest");
			}
		}
		for (EntryInfo info : declared.values()) {
			ZipEntry entry = zip.getEntry(info.path());
			if (entry == null) {
				throw invalid(file, info.path() + " is missing");
			}
			MessageDigest digest = sha256();
			long size = 0;
			try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
				byte[] buffer = new byte[16384];
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					size += read;
				}
			}
			String actual = HexFormat.of().formatHex(digest.digest());
			if (size != info.size() || !actual.equals(info.sha256())) {
				throw invalid(file, "checksum mismatch for " + info.path() + ": the manifest says SHA-256 "
						+ info.sha256() + " (" + info.size() + " bytes), the entry has " + actual + " (" + size + " bytes)");
			}
		}
	}

	private static <T> List<T> list(Path file, ZipFile zip, String name, TypeReference<List<T>> type) throws IOException {
		try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
			List<T> values = json.readValue(in, type);
			if (values == null || values.contains(null)) {
				throw invalid(file, name + " holds an empty record");
			}
			return values;
		}
		catch (JacksonException ex) {
			throw invalid(file, name + " is not readable: " + ErrorMessages.firstLine(ex.getOriginalMessage()));
		}
	}

	/** Every record has what the database needs, and tokens belong to users in the bundle. */
	private void checkRecords() {
		java.util.Set<String> usernames = new java.util.HashSet<>();
		for (UserEntry user : this.users) {
			require(user.username() != null && !user.username().isBlank(), USERS, "a user without a username");
			require(user.passwordHash() != null && !user.passwordHash().isBlank(), USERS,
					"user " + user.username() + " has no password hash");
			require(isRole(user.role()), USERS, "user " + user.username() + " has the role '" + user.role() + "'");
			instant(USERS, user.createdAt(), true);
			instant(USERS, user.passwordChangedAt(), true);
			require(usernames.add(user.username()), USERS, "user " + user.username() + " appears twice");
		}
		for (TokenEntry token : this.tokens) {
			require(usernames.contains(token.username()), TOKENS,
					"token '" + token.name() + "' belongs to " + token.username() + ", who is not in " + USERS);
			require(token.tokenHash() != null && token.tokenHash().matches("[0-9a-f]{64}"), TOKENS,
					"token '" + token.name() + "' has no SHA-256 hash");
			require(isRole(token.role()), TOKENS, "token '" + token.name() + "' has the role '" + token.role() + "'");
			require("API".equals(token.scope()) || "METRICS".equals(token.scope()), TOKENS,
					"token '" + token.name() + "' has the scope '" + token.scope() + "'");
			require(token.name() != null && token.prefix() != null, TOKENS, "a token without a name or prefix");
			instant(TOKENS, token.createdAt(), true);
			instant(TOKENS, token.expiresAt(), false);
			instant(TOKENS, token.lastUsedAt(), false);
			instant(TOKENS, token.revokedAt(), false);
		}
		java.util.Set<String> names = new java.util.HashSet<>();
		for (MonitorEntry monitor : this.monitors) {
			require(monitor.name() != null && !monitor.name().isBlank() && monitor.type() != null
					&& monitor.definition() != null, MONITORS, "a monitor without a name, type or definition");
			require(names.add(monitor.name()), MONITORS, "monitor " + monitor.name() + " appears twice");
			instant(MONITORS, monitor.createdAt(), true);
		}
	}

	private static boolean isRole(String role) {
		return "VIEWER".equals(role) || "OPERATOR".equals(role) || "ADMIN".equals(role);
	}

	private void require(boolean condition, String entry, String problem) {
		if (!condition) {
			throw invalid(this.file, entry + ": " + problem);
		}
	}

	private Instant instant(String entry, String value, boolean required) {
		if (value == null) {
			require(!required, entry, "a required time is missing");
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw invalid(this.file, entry + ": '" + value + "' is not an ISO-8601 instant");
		}
	}

	/**
	 * @return the audit events, oldest first, read from the bundle each time they are iterated (the
	 * log may be long, so it is never held in memory whole)
	 */
	public Iterable<AuditChain.Link> auditLinks() {
		// Streams the entry; each iteration opens the ZIP file again and closes it at the end.
		return () -> new AuditIterator(this.file);
	}

	/**
	 * @param consumer receives every audit event, oldest first
	 */
	public void forEachAuditEvent(Consumer<AuditChain.Link> consumer) {
		auditLinks().forEach(consumer);
	}

	private final class AuditIterator implements java.util.Iterator<AuditChain.Link> {

		private final ZipFile zip;

		private final BufferedReader reader;

		private String next;

		private long line;

		AuditIterator(Path file) {
			try {
				this.zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
				this.reader = new BufferedReader(
						new InputStreamReader(this.zip.getInputStream(this.zip.getEntry(AUDIT)), StandardCharsets.UTF_8));
				advance();
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		private void advance() throws IOException {
			this.next = this.reader.readLine();
			while (this.next != null && this.next.isBlank()) {
				this.next = this.reader.readLine();
			}
			if (this.next == null) {
				this.reader.close();
				this.zip.close();
			}
		}

		@Override
		public boolean hasNext() {
			return this.next != null;
		}

		@Override
		public AuditChain.Link next() {
			if (this.next == null) {
				throw new java.util.NoSuchElementException();
			}
			this.line++;
			AuditEntry entry;
			try {
				entry = json.readValue(this.next, AuditEntry.class);
				advance();
			}
			catch (JacksonException ex) {
				throw invalid(SelfStateBundle.this.file,
						AUDIT + " line " + this.line + " is not readable: " + ErrorMessages.firstLine(ex.getOriginalMessage()));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			try {
				return new AuditChain.Link(Instant.parse(entry.occurredAt()), Actor.Type.valueOf(entry.actorType()),
						entry.actor(), entry.action(), entry.target(), AuditOutcome.valueOf(entry.outcome()),
						entry.remoteAddress(), entry.details(), entry.prevHash(), entry.hash());
			}
			catch (RuntimeException ex) {
				throw invalid(SelfStateBundle.this.file, AUDIT + " line " + this.line + " is not a valid event ("
						+ ErrorMessages.firstLine(ex.getMessage()) + ")");
			}
		}

	}

	private static SelfStateException invalid(Path file, String problem) {
		return new SelfStateException(SelfStateException.Kind.INVALID,
				"the state bundle " + file + " is refused: " + problem);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java runtime", ex);
		}
	}

	public Path file() {
		return this.file;
	}

	public Manifest manifest() {
		return this.manifest;
	}

	public List<UserEntry> users() {
		return this.users;
	}

	public List<TokenEntry> tokens() {
		return this.tokens;
	}

	public List<MonitorEntry> monitors() {
		return this.monitors;
	}

	/**
	 * @return each configuration file's entry name and text, highest precedence first
	 */
	public Map<String, String> configFiles() {
		return this.configFiles;
	}

	// The format

	/**
	 * What a bundle is written from.
	 *
	 * @param createdAt when
	 * @param host the machine's name
	 * @param mamoriVersion Mamori's version
	 * @param app the app whose backup wrote it
	 * @param snapshot the archive that backup wrote
	 * @param configFiles the configuration files, already redacted
	 * @param environment the environment variables the configuration refers to
	 * @param users the users
	 * @param tokens the API tokens
	 * @param monitors the monitors made in the UI or API
	 * @param audit the audit events, oldest first, up to the head
	 * @param auditHeadHash the chain head's hash when the events were read
	 */
	public record Contents(Instant createdAt, String host, String mamoriVersion, String app, String snapshot,
			List<ConfigFile> configFiles, List<String> environment, List<UserEntry> users, List<TokenEntry> tokens,
			List<MonitorEntry> monitors, AuditSource audit, String auditHeadHash) {
	}

	/** Feeds the audit events, oldest first. */
	@FunctionalInterface
	public interface AuditSource {

		void forEach(Consumer<AuditEntry> consumer);

	}

	/**
	 * A configuration file.
	 *
	 * @param entry the entry in the bundle (when read back)
	 * @param source where it was loaded from
	 * @param text its redacted text
	 * @param redactedKeys the keys whose literal values were replaced by environment references
	 */
	public record ConfigFile(String entry, Path source, String text, List<String> redactedKeys) {
	}

	/**
	 * {@code manifest.json}.
	 *
	 * @param format {@value #FORMAT}
	 * @param createdAt when the bundle was written
	 * @param host the machine's name
	 * @param mamoriVersion the version that wrote it
	 * @param app the app whose backup wrote it
	 * @param snapshot that backup's archive
	 * @param counts how many records of each kind
	 * @param auditHeadHash the hash of the newest audit event (the chain head)
	 * @param config the configuration files, highest precedence first
	 * @param environment the environment variables the configuration refers to (secrets among them)
	 * @param entries every other entry with its size and SHA-256
	 */
	public record Manifest(String format, String createdAt, String host, String mamoriVersion, String app,
			String snapshot, Counts counts, String auditHeadHash, List<ConfigInfo> config, List<String> environment,
			List<EntryInfo> entries) {

		public Manifest {
			config = (config != null) ? config : List.of();
			environment = (environment != null) ? environment : List.of();
			entries = (entries != null) ? entries : List.of();
			counts = (counts != null) ? counts : new Counts(0, 0, 0, 0);
		}

	}

	/**
	 * @param users users
	 * @param tokens API tokens
	 * @param monitors monitors made in the UI or API
	 * @param auditEvents audit events
	 */
	public record Counts(long users, long tokens, long monitors, long auditEvents) {
	}

	/**
	 * @param entry the entry in the bundle
	 * @param source the file it was loaded from
	 * @param redactedKeys keys whose literal secret values were replaced by an environment reference
	 */
	public record ConfigInfo(String entry, String source, List<String> redactedKeys) {
	}

	/**
	 * @param path the entry's name
	 * @param size its size in bytes
	 * @param sha256 its SHA-256, hex
	 */
	public record EntryInfo(String path, long size, String sha256) {
	}

	/**
	 * A user as stored: the password only as its hash.
	 *
	 * @param username the name
	 * @param passwordHash the password hash (BCrypt)
	 * @param role VIEWER, OPERATOR or ADMIN
	 * @param enabled whether they may log in
	 * @param createdAt ISO instant
	 * @param passwordChangedAt ISO instant
	 */
	public record UserEntry(String username, String passwordHash, String role, boolean enabled, String createdAt,
			String passwordChangedAt) {
	}

	/**
	 * An API token as stored: only the SHA-256 of its secret.
	 *
	 * @param username its owner
	 * @param name its name
	 * @param tokenHash SHA-256 of the secret, hex
	 * @param prefix the start of the secret shown in lists
	 * @param role its role
	 * @param scope API or METRICS
	 * @param createdAt ISO instant
	 * @param expiresAt ISO instant or {@code null}
	 * @param lastUsedAt ISO instant or {@code null}
	 * @param revokedAt ISO instant or {@code null}
	 */
	public record TokenEntry(String username, String name, String tokenHash, String prefix, String role, String scope,
			String createdAt, String expiresAt, String lastUsedAt, String revokedAt) {
	}

	/**
	 * A monitor made in the UI or API (those of the configuration file come back with it).
	 *
	 * @param name its name
	 * @param type its type
	 * @param definition its definition, JSON as stored
	 * @param heartbeatToken the push token of a heartbeat monitor, or {@code null}
	 * @param paused whether it was paused
	 * @param createdAt ISO instant
	 */
	public record MonitorEntry(String name, String type, String definition, String heartbeatToken, boolean paused,
			String createdAt) {
	}

	/**
	 * One line of {@code audit.jsonl}: an audit event exactly as stored, with its chain hashes.
	 *
	 * @param occurredAt ISO instant (microseconds)
	 * @param actorType USER, TOKEN, SYSTEM or ANONYMOUS
	 * @param actor the actor's name
	 * @param action what was done
	 * @param target what it was done to
	 * @param outcome SUCCESS, FAILURE or DENIED
	 * @param remoteAddress the client address
	 * @param details the JSON details as stored
	 * @param prevHash the previous event's hash
	 * @param hash this event's hash
	 */
	public record AuditEntry(String occurredAt, String actorType, String actor, String action, String target,
			String outcome, String remoteAddress, String details, String prevHash, String hash) {
	}

}
