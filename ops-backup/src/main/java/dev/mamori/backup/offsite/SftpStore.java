package dev.mamori.backup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * An SFTP target through Apache MINA SSHD: the server's host key must have the pinned SHA256
 * fingerprint; login with a key file or a password from the environment. Files are created
 * {@code 0600}.
 */
final class SftpStore implements RemoteStore {

	/** OpenSSH's sftp-server drops a session whose message exceeds 256 KiB: stay well below. */
	private static final int BUFFER = 32 * 1024;

	private final SshClient client;

	private final ClientSession session;

	private final SftpClient sftp;

	private final String root;

	private SftpStore(SshClient client, ClientSession session, SftpClient sftp, String root) {
		this.client = client;
		this.session = session;
		this.sftp = sftp;
		this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
	}

	/**
	 * Connects and logs in.
	 * @param id the target's id
	 * @param target its settings
	 * @param env the environment (secrets)
	 * @return the store
	 */
	static SftpStore open(String id, TargetsProperties.Target target, UnaryOperator<String> env) throws IOException {
		SshClient client = SshClient.setUpDefaultClient();
		AtomicReference<String> presented = new AtomicReference<>();
		client.setServerKeyVerifier((session, address, key) -> {
			String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
			presented.set(fingerprint);
			return stripPadding(fingerprint).equals(stripPadding(target.hostKey()));
		});
		client.start();
		String server = target.host() + ":" + target.port();
		ClientSession session = null;
		try {
			session = client.connect(target.user(), target.host(), target.port())
				.verify(target.timeout())
				.getSession();
			if (target.keyFile() != null) {
				for (KeyPair pair : loadKeys(session, target, env)) {
					session.addPublicKeyIdentity(pair);
				}
			}
			else {
				session.addPasswordIdentity(secret(env, target.passwordEnv()));
			}
			try {
				session.auth().verify(target.timeout());
			}
			catch (IOException ex) {
				if (presented.get() != null && !stripPadding(presented.get()).equals(stripPadding(target.hostKey()))) {
					throw new HostKeyChangedException(id, server, target.hostKey(), presented.get());
				}
				throw new IOException("login to " + target.user() + "@" + server + " failed: " + ex.getMessage(), ex);
			}
			SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
			SftpStore store = new SftpStore(client, session, sftp, target.path());
			store.mkdirs(store.root);
			return store;
		}
		catch (IOException | RuntimeException ex) {
			if (session != null) {
				session.close(true);
			}
			client.stop();
			if (ex instanceof HostKeyChangedException) {
				throw ex;
			}
			if (presented.get() != null && !stripPadding(presented.get()).equals(stripPadding(target.hostKey()))) {
				throw new HostKeyChangedException(id, server, target.hostKey(), presented.get());
			}
			throw (ex instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("login"))
					? io : new IOException("SFTP " + server + ": " + ex.getMessage(), ex);
		}
	}

	private static String stripPadding(String fingerprint) {
		return fingerprint.endsWith("=") ? fingerprint.substring(0, fingerprint.length() - 1) : fingerprint;
	}

	private static String secret(UnaryOperator<String> env, String name) throws IOException {
		String value = env.apply(name);
		if (value == null || value.isEmpty()) {
			throw new IOException("the environment variable " + name + " is not set");
		}
		return value;
	}

	private static Iterable<KeyPair> loadKeys(ClientSession session, TargetsProperties.Target target,
			UnaryOperator<String> env) throws IOException {
		FilePasswordProvider passwords = (target.keyPassphraseEnv() == null) ? FilePasswordProvider.EMPTY
				: FilePasswordProvider.of(secret(env, target.keyPassphraseEnv()));
		try (InputStream in = Files.newInputStream(target.keyFile())) {
			Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(session,
					NamedResource.ofName(target.keyFile().toString()), in, passwords);
			if (keys == null || !keys.iterator().hasNext()) {
				throw new IOException("no private key in " + target.keyFile());
			}
			return keys;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("cannot read the key " + target.keyFile() + ": " + ex.getMessage(), ex);
		}
	}

	private String path(String key) {
		return this.root + "/" + key;
	}

	private void mkdirs(String directory) throws IOException {
		if (directory.isEmpty() || exists(directory)) {
			return;
		}
		int slash = directory.lastIndexOf('/');
		if (slash > 0) {
			mkdirs(directory.substring(0, slash));
		}
		this.sftp.mkdir(directory);
	}

	private boolean exists(String path) throws IOException {
		try {
			this.sftp.stat(path);
			return true;
		}
		catch (SftpException ex) {
			if (ex.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public void put(Path source, String key, Throttle throttle) throws IOException {
		String path = path(key);
		mkdirs(path.substring(0, path.lastIndexOf('/')));
		try (InputStream in = throttle.wrap(Files.newInputStream(source)); OutputStream out = create(path)) {
			byte[] buffer = new byte[BUFFER];
			int n;
			while ((n = in.read(buffer)) > 0) {
				out.write(buffer, 0, n);
			}
		}
	}

	private OutputStream create(String path) throws IOException {
		OutputStream out = this.sftp.write(path, BUFFER, EnumSet.of(SftpClient.OpenMode.Write,
				SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate));
		try {
			this.sftp.setStat(path, new SftpClient.Attributes().perms(0600));
		}
		catch (IOException ex) {
			out.close();
			throw ex;
		}
		return out;
	}

	@Override
	public void putBytes(String key, byte[] content) throws IOException {
		String path = path(key);
		mkdirs(path.substring(0, path.lastIndexOf('/')));
		try (OutputStream out = create(path)) {
			out.write(content);
		}
	}

	@Override
	public void rename(String from, String to) throws IOException {
		delete(to);
		this.sftp.rename(path(from), path(to));
	}

	@Override
	public long size(String key) throws IOException {
		try {
			return this.sftp.stat(path(key)).getSize();
		}
		catch (SftpException ex) {
			if (ex.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
				return -1;
			}
			throw ex;
		}
	}

	@Override
	public String statedSha256(String key) {
		// OpenSSH's SFTP server has no checksum extension: copies are read back.
		return null;
	}

	@Override
	public InputStream open(String key) throws IOException {
		return this.sftp.read(path(key), BUFFER);
	}

	@Override
	public void delete(String key) throws IOException {
		try {
			this.sftp.remove(path(key));
		}
		catch (SftpException ex) {
			if (ex.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
				throw ex;
			}
		}
	}

	@Override
	public List<String> list(String directory) throws IOException {
		List<String> names = new ArrayList<>();
		if (!exists(path(directory))) {
			return names;
		}
		for (SftpClient.DirEntry entry : this.sftp.readDir(path(directory))) {
			if (!".".equals(entry.getFilename()) && !"..".equals(entry.getFilename())) {
				names.add(entry.getFilename());
			}
		}
		return names;
	}

	@Override
	public boolean atomicPut() {
		return false;
	}

	@Override
	public void close() throws IOException {
		try {
			this.sftp.close();
		}
		finally {
			try {
				this.session.close(true);
			}
			finally {
				this.client.stop();
			}
		}
	}

}
