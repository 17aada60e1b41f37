package dev.switchboard.objectstore;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * An object store in an S3 bucket (AWS SDK v2): AWS S3, MinIO, Cloudflare R2 and anything else that
 * speaks the S3 API. Credentials come from the AWS default provider chain ({@code
 * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, system properties, profiles, container and
 * instance roles).
 *
 * <p>Request checksums are only sent when an operation requires them: the SDK's newer default (a
 * CRC trailer on every upload) is not understood by every S3-compatible store. The SDK retries
 * throttling and transient network errors itself (its standard retry mode); what still fails
 * surfaces as an {@link ObjectStoreException} for the caller to retry with its own backoff.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  static final String DEFAULT_REGION = "us-east-1";

  private final S3Client s3;
  private final String bucket;

  /** A store over an existing client; the store closes it in {@link #close()}. */
  public S3ObjectStore(S3Client s3, String bucket) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
  }

  /**
   * A client for {@code settings}: {@code endpoint} (null for AWS), {@code region} (default {@value
   * #DEFAULT_REGION}, which MinIO accepts), path-style addressing, default credentials chain.
   */
  public static S3ObjectStore create(ObjectStoreSettings settings) {
    String bucket = Objects.requireNonNull(settings.bucket(), "object-store bucket");
    return new S3ObjectStore(
        client(settings.endpoint(), settings.region(), settings.pathStyle()).build(), bucket);
  }

  static S3ClientBuilder client(
      @Nullable URI endpoint, @Nullable String region, boolean pathStyle) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region == null || region.isBlank() ? DEFAULT_REGION : region))
            .forcePathStyle(pathStyle)
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(10)))
            .overrideConfiguration(
                configuration ->
                    configuration
                        .apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .apiCallTimeout(Duration.ofSeconds(30)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  /** The bucket this store writes to. */
  public String bucket() {
    return bucket;
  }

  @Override
  public void put(String key, StoredObject object) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(bucket).key(key).contentType(object.contentType());
    if (object.contentEncoding() != null) {
      request.contentEncoding(object.contentEncoding());
    }
    try {
      s3.putObject(request.build(), RequestBody.fromBytes(object.body()));
    } catch (SdkException e) {
      throw new ObjectStoreException("cannot write " + key + " to bucket " + bucket, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) {
    try {
      ResponseBytes<GetObjectResponse> response =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
      GetObjectResponse metadata = response.response();
      String contentType =
          metadata.contentType() == null ? "application/octet-stream" : metadata.contentType();
      String encoding =
          metadata.contentEncoding() == null || metadata.contentEncoding().isEmpty()
              ? null
              : metadata.contentEncoding();
      return Optional.of(new StoredObject(response.asByteArray(), contentType, encoding));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new ObjectStoreException("cannot read " + key + " from bucket " + bucket, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (SdkException e) {
      throw new ObjectStoreException("cannot delete " + key + " from bucket " + bucket, e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + bucket + "]";
  }
}
