package dev.switchboard.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A config document was written to the object store. Published by config-service on the compacted
 * topic {@link Topics#CONFIG_PUBLISHED} with record key {@link ObjectKeys#publishedRecordKey}; a
 * {@code null} value (tombstone) means the environment is gone and its objects were deleted.
 * Consumers (evaluation-edge) read the topic from the beginning: the newest record per key is the
 * catalogue of what exists and which SDK keys may read it.
 *
 * @param environmentId the environment's id (a UUID)
 * @param projectKey the project's key
 * @param environmentKey the environment's key
 * @param sdkType {@code server} or {@code client} ({@link SdkType#wireName()})
 * @param version the document's {@code version} (the environment's config version)
 * @param etag an opaque token that changes whenever the document's bytes change (no quotes; HTTP
 *     sends it as the strong ETag {@code "<etag>"})
 * @param objectKey the object of the newest key; every key in {@code keys} has an identical object
 *     at {@link ObjectKeys#config}
 * @param size the uncompressed document size in bytes
 * @param keys the SDK keys of this type that may read the document now (a rotated key until it
 *     expires)
 * @param changedAt when the change that produced this version committed in management-api
 * @param publishedAt when the object was written
 */
public record ConfigPublished(
    String environmentId,
    String projectKey,
    String environmentKey,
    String sdkType,
    long version,
    String etag,
    String objectKey,
    long size,
    List<PublishedKey> keys,
    Instant changedAt,
    Instant publishedAt) {

  /**
   * An SDK key that may read the document.
   *
   * @param key the key
   * @param expiresAt when a rotated key stops working, or {@code null} for the current key
   */
  public record PublishedKey(String key, Instant expiresAt) {}
}
