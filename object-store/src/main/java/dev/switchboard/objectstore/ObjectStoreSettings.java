package dev.switchboard.objectstore;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the object store; services bind it from {@code switchboard.object-store.*}.
 *
 * @param type {@code filesystem} or {@code s3}
 * @param directory the root directory ({@code filesystem})
 * @param endpoint the S3 endpoint, or {@code null} for AWS ({@code s3}; MinIO, R2: their URL)
 * @param region the S3 region ({@code s3})
 * @param bucket the bucket ({@code s3})
 * @param pathStyle path-style addressing ({@code s3}; MinIO needs it)
 */
public record ObjectStoreSettings(
    String type,
    @Nullable Path directory,
    @Nullable URI endpoint,
    @Nullable String region,
    @Nullable String bucket,
    boolean pathStyle) {
  public ObjectStoreSettings {
    // An unset environment variable binds as an empty value: that means "no endpoint override".
    if (endpoint != null && endpoint.toString().isEmpty()) {
      endpoint = null;
    }
    if (region != null && region.isEmpty()) {
      region = null;
    }
  }
}
