package dev.switchboard.management.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request that cannot be served, rendered as an RFC 7807 problem detail with a stable {@code
 * type} per kind. Thrown inside a transaction, it rolls the transaction back: nothing is written.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final String TYPE_BASE = "https://switchboard.dev/problems/";

  private final HttpStatus status;
  private final String kind;
  private final transient Map<String, Object> properties;

  public ApiException(HttpStatus status, String kind, String detail) {
    this(status, kind, detail, Map.of());
  }

  public ApiException(
      HttpStatus status, String kind, String detail, Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.properties = properties;
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "not-found", what + " does not exist");
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "conflict", detail);
  }

  public static ApiException invalid(String detail) {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid", detail);
  }

  public static ApiException staleVersion(long current) {
    return new ApiException(
        HttpStatus.PRECONDITION_FAILED,
        "stale-version",
        "If-Match does not name the current version; read it again and retry",
        Map.of("currentVersion", current));
  }

  public static ApiException unauthenticated() {
    return new ApiException(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "a valid API token is required: Authorization: Bearer <token>");
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail);
  }

  public HttpStatus status() {
    return status;
  }

  ProblemDetail toProblem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(URI.create(TYPE_BASE + kind));
    problem.setTitle(status.getReasonPhrase());
    properties.forEach(problem::setProperty);
    return problem;
  }
}
