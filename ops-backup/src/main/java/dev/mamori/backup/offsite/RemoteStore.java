package dev.mamori.backup.offsite;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The few operations a copy needs from a target. Keys are relative to the target's root (its SFTP
 * path or S3 prefix), such as {@code ecm/ecm_20261201_030000.tar.zst}.
 */
interface RemoteStore extends Closeable {

	/**
	 * Writes a file under a key.
	 * @param source what to upload
	 * @param key where
	 * @param throttle the bandwidth limit
	 */
	void put(Path source, String key, Throttle throttle) throws IOException;

	/**
	 * @param key a key
	 * @param content small content, written whole
	 */
	void putBytes(String key, byte[] content) throws IOException;

	/**
	 * Renames an object; the target key is replaced when it exists.
	 * @param from key
	 * @param to key
	 */
	void rename(String from, String to) throws IOException;

	/**
	 * @param key a key
	 * @return its size, or -1 when it does not exist
	 */
	long size(String key) throws IOException;

	/**
	 * @param key a key
	 * @return its SHA-256 as the server states it (hex), or {@code null} when the server cannot tell
	 * without a read-back
	 */
	String statedSha256(String key) throws IOException;

	/**
	 * @param key a key
	 * @return its content
	 */
	InputStream open(String key) throws IOException;

	/**
	 * @param key a key; nothing happens when it does not exist
	 */
	void delete(String key) throws IOException;

	/**
	 * @param directory a key prefix ending before {@code /}, such as {@code ecm}
	 * @return the names directly under it
	 */
	List<String> list(String directory) throws IOException;

	/**
	 * Whether a put is atomic (an object store): then an upload goes straight to its key.
	 * @return whether partial objects can never be seen
	 */
	boolean atomicPut();

}
