package dev.switchboard.edge.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Where SDKs put their key: {@code Authorization: <key>} (or {@code Bearer <key>}). */
public final class SdkKeys {
  private static final String BEARER = "Bearer ";

  private SdkKeys() {}

  /** The key in the {@code Authorization} header, or {@code null}. */
  public static @Nullable String fromAuthorization(ServerHttpRequest request) {
    return fromAuthorization(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
  }

  /** The key in an {@code Authorization} header's value, or {@code null}. */
  public static @Nullable String fromAuthorization(@Nullable String header) {
    if (header == null) {
      return null;
    }
    String key =
        header.regionMatches(true, 0, BEARER, 0, BEARER.length())
            ? header.substring(BEARER.length())
            : header;
    key = key.trim();
    return key.isEmpty() ? null : key;
  }
}
