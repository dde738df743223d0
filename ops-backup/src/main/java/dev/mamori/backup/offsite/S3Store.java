package dev.mamori.backup.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible target through the AWS SDK: a put is atomic (an object is never seen half
 * written); large files go up in parts, and a failed multipart upload is aborted so no part is left
 * behind.
 */
final class S3Store implements RemoteStore {

	static final long PART_SIZE = 16L * 1024 * 1024;

	private final S3Client s3;

	private final String bucket;

	private final String prefix;

	private S3Store(S3Client s3, String bucket, String prefix) {
		this.s3 = s3;
		this.bucket = bucket;
		this.prefix = (prefix.isEmpty() || prefix.endsWith("/")) ? prefix : prefix + "/";
	}

	/**
	 * @param target its settings
	 * @param env the environment (secrets)
	 * @return the store
	 */
	static S3Store open(TargetsProperties.Target target, UnaryOperator<String> env) throws IOException {
		String access = env.apply(target.accessKeyEnv());
		String secret = env.apply(target.secretKeyEnv());
		if (access == null || access.isEmpty()) {
			throw new IOException("the environment variable " + target.accessKeyEnv() + " is not set");
		}
		if (secret == null || secret.isEmpty()) {
			throw new IOException("the environment variable " + target.secretKeyEnv() + " is not set");
		}
		S3Client s3 = S3Client.builder()
			.endpointOverride(target.endpoint())
			.region(Region.of(target.region()))
			.forcePathStyle(target.pathStyle())
			// Plain content checksums only: the streaming trailer checksums of newer SDKs are not
			// understood by every S3-compatible server; copies are verified by Mamori itself.
			.requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
			.overrideConfiguration((c) -> c.apiCallTimeout(target.timeout().multipliedBy(20))
				.apiCallAttemptTimeout(target.timeout().multipliedBy(10)))
			.build();
		return new S3Store(s3, target.bucket(), target.prefix());
	}

	private String key(String key) {
		return this.prefix + key;
	}

	@Override
	public void put(Path source, String key, Throttle throttle) throws IOException {
		long size = Files.size(source);
		try {
			if (size <= PART_SIZE) {
				try (InputStream in = throttle.wrap(Files.newInputStream(source))) {
					this.s3.putObject((r) -> r.bucket(this.bucket).key(key(key)), RequestBody.fromInputStream(in, size));
				}
				return;
			}
			String upload = this.s3.createMultipartUpload((r) -> r.bucket(this.bucket).key(key(key))).uploadId();
			try (InputStream in = throttle.wrap(Files.newInputStream(source))) {
				List<CompletedPart> parts = new ArrayList<>();
				byte[] buffer = new byte[(int) PART_SIZE];
				for (int part = 1;; part++) {
					int n = in.readNBytes(buffer, 0, buffer.length);
					if (n == 0) {
						break;
					}
					int number = part;
					String etag = this.s3.uploadPart((r) -> r.bucket(this.bucket).key(key(key)).uploadId(upload)
						.partNumber(number).contentLength((long) n), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n)))
						.eTag();
					parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
				}
				this.s3.completeMultipartUpload((r) -> r.bucket(this.bucket).key(key(key)).uploadId(upload)
					.multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
			}
			catch (IOException | RuntimeException ex) {
				try {
					this.s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(this.bucket).key(key(key))
						.uploadId(upload).build());
				}
				catch (SdkException abort) {
					ex.addSuppressed(abort);
				}
				throw ex;
			}
		}
		catch (SdkException ex) {
			throw new IOException("S3 upload of " + key + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void putBytes(String key, byte[] content) throws IOException {
		try {
			this.s3.putObject((r) -> r.bucket(this.bucket).key(key(key)), RequestBody.fromBytes(content));
		}
		catch (SdkException ex) {
			throw new IOException("S3 upload of " + key + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void rename(String from, String to) throws IOException {
		try {
			this.s3.copyObject((r) -> r.sourceBucket(this.bucket).sourceKey(key(from)).destinationBucket(this.bucket)
				.destinationKey(key(to)));
			delete(from);
		}
		catch (SdkException ex) {
			throw new IOException("S3 rename of " + from + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public long size(String key) throws IOException {
		try {
			return this.s3.headObject((r) -> r.bucket(this.bucket).key(key(key))).contentLength();
		}
		catch (NoSuchKeyException ex) {
			return -1;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return -1;
			}
			throw new IOException("S3 " + key + ": " + ex.getMessage(), ex);
		}
		catch (SdkException ex) {
			throw new IOException("S3 " + key + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String statedSha256(String key) throws IOException {
		try {
			HeadObjectResponse head = this.s3.headObject((r) -> r.bucket(this.bucket).key(key(key))
				.checksumMode(ChecksumMode.ENABLED));
			String stated = head.checksumSHA256();
			// A multipart object's checksum is a checksum of checksums ("...-N"): not the file's.
			if (stated == null || stated.contains("-")) {
				return null;
			}
			return HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(stated));
		}
		catch (SdkException | IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public InputStream open(String key) throws IOException {
		try {
			return this.s3.getObject((r) -> r.bucket(this.bucket).key(key(key)));
		}
		catch (SdkException ex) {
			throw new IOException("S3 download of " + key + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void delete(String key) throws IOException {
		try {
			this.s3.deleteObject((r) -> r.bucket(this.bucket).key(key(key)));
		}
		catch (SdkException ex) {
			throw new IOException("S3 delete of " + key + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<String> list(String directory) throws IOException {
		String start = key(directory) + "/";
		List<String> names = new ArrayList<>();
		try {
			String token = null;
			do {
				ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(this.bucket).prefix(start)
					.delimiter("/");
				if (token != null) {
					request.continuationToken(token);
				}
				ListObjectsV2Response page = this.s3.listObjectsV2(request.build());
				for (S3Object object : page.contents()) {
					names.add(object.key().substring(start.length()));
				}
				token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
			}
			while (token != null);
			return names;
		}
		catch (SdkException ex) {
			throw new IOException("S3 listing of " + directory + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean atomicPut() {
		return true;
	}

	@Override
	public void close() {
		this.s3.close();
	}

}
