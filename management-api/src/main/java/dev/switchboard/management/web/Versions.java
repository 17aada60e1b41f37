package dev.switchboard.management.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;

/** Optimistic concurrency over HTTP: the entity version as a strong {@code ETag}. */
public final class Versions {
  private Versions() {}

  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  /**
   * Checks an {@code If-Match} header against the current version; no header means the caller
   * accepts whatever is current. A stale or malformed value is a 412.
   */
  public static void checkIfMatch(@Nullable String ifMatch, long currentVersion) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return;
    }
    if (!ifMatch.trim().equals(etag(currentVersion))) {
      throw ApiException.staleVersion(currentVersion);
    }
  }

  public static <T> ResponseEntity<T> withEtag(
      ResponseEntity.BodyBuilder builder, long version, T body) {
    return builder.eTag(etag(version)).body(body);
  }
}
