package dev.switchboard.configservice;

import dev.switchboard.contracts.Topics;
import dev.switchboard.objectstore.ObjectStoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code switchboard.config-service}; every one has a default that works locally.
 *
 * @param managementUrl management-api's base URL (snapshots and the environment list)
 * @param serviceToken the token presented to management-api, and required by the admin endpoints
 * @param requestTimeout how long a call to management-api may take
 * @param topics the topics consumed and produced
 * @param retry the backoff between attempts when building or publishing fails
 * @param keySweepInterval how often rotated keys are checked for expiry (their objects then go)
 * @param rebuildOnSchemaChange rebuild every environment at start when the stored documents were
 *     written by a different document schema version (or never)
 * @param objectStore where documents are written
 */
@ConfigurationProperties("switchboard.config-service")
public record ConfigServiceProperties(
    @DefaultValue("http://localhost:8081") URI managementUrl,
    @DefaultValue("") String serviceToken,
    @DefaultValue("5s") Duration requestTimeout,
    @DefaultValue Topics topics,
    @DefaultValue Retry retry,
    @DefaultValue("5s") Duration keySweepInterval,
    @DefaultValue("true") boolean rebuildOnSchemaChange,
    @DefaultValue ObjectStore objectStore) {

  /**
   * @param changes consumed: {@code ConfigChange} per committed change
   * @param published produced (compacted): {@code ConfigPublished} per document
   * @param publishedPartitions partitions of the published topic when this service creates it
   * @param replicas replication factor of the published topic when this service creates it
   */
  public record Topics(
      @DefaultValue(dev.switchboard.contracts.Topics.CONFIG_CHANGES) String changes,
      @DefaultValue(dev.switchboard.contracts.Topics.CONFIG_PUBLISHED) String published,
      @DefaultValue("3") int publishedPartitions,
      @DefaultValue("1") short replicas) {}

  /**
   * @param initialBackoff the wait after the first failure
   * @param maxBackoff the longest wait; attempts go on until they succeed (never a silent skip)
   */
  public record Retry(
      @DefaultValue("200ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff) {}

  /**
   * @param type {@code filesystem} or {@code s3}
   * @param directory the root directory ({@code filesystem})
   * @param endpoint the S3 endpoint; empty for AWS ({@code s3})
   * @param region the S3 region ({@code s3})
   * @param bucket the bucket ({@code s3})
   * @param pathStyle path-style addressing ({@code s3}; MinIO needs it)
   * @param gzip store documents gzip-compressed with {@code Content-Encoding: gzip}
   */
  public record ObjectStore(
      @DefaultValue("filesystem") String type,
      @DefaultValue("objects") Path directory,
      @Nullable URI endpoint,
      @DefaultValue("us-east-1") String region,
      @DefaultValue("switchboard") String bucket,
      @DefaultValue("false") boolean pathStyle,
      @DefaultValue("true") boolean gzip) {

    public ObjectStoreSettings settings() {
      URI effectiveEndpoint = endpoint == null || endpoint.toString().isBlank() ? null : endpoint;
      return new ObjectStoreSettings(type, directory, effectiveEndpoint, region, bucket, pathStyle);
    }
  }
}
