package dev.switchboard.edge.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A request the edge refuses; answered as problem details with a stable {@code type}. */
public final class EdgeException extends RuntimeException {
  /** The base of every problem {@code type} of this service. */
  public static final String TYPE_BASE = "https://switchboard.dev/problems/";

  private final HttpStatus status;
  private final String kind;
  private final HttpHeaders headers = new HttpHeaders();

  public EdgeException(HttpStatus status, String kind, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.kind = kind;
  }

  /** The same answer for a missing, unknown, revoked, expired or wrong-type key. */
  public static EdgeException unauthorized() {
    return new EdgeException(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "a valid SDK key of the right type is required in the Authorization header");
  }

  /** The key is valid but its document is not loaded yet (for example the store is down). */
  public static EdgeException notReady() {
    EdgeException e =
        new EdgeException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "config-not-loaded",
            "this environment's config is not loaded yet; retry shortly");
    e.headers.set(HttpHeaders.RETRY_AFTER, "1");
    return e;
  }

  public static EdgeException badRequest(String detail) {
    return new EdgeException(HttpStatus.BAD_REQUEST, "bad-request", detail);
  }

  public static EdgeException tooLarge(int maxBytes) {
    return new EdgeException(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-large",
        "request bodies are limited to " + maxBytes + " bytes");
  }

  public HttpStatus status() {
    return status;
  }

  /** The last part of the problem {@code type}, for example {@code unauthorized}. */
  public String kind() {
    return kind;
  }

  public HttpHeaders headers() {
    return headers;
  }
}
