package dev.switchboard.events.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request that cannot be served, rendered as an RFC 7807 problem detail with a stable {@code
 * type} per kind (docs/events.md lists them). Thrown before anything is recorded.
 */
public class EventsProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final String TYPE_BASE = "https://switchboard.dev/problems/";

  private final HttpStatus status;
  private final String kind;
  private final transient Map<String, Object> properties;
  private final long retryAfterSeconds;

  public EventsProblem(HttpStatus status, String kind, String detail) {
    this(status, kind, detail, Map.of(), -1);
  }

  public EventsProblem(
      HttpStatus status,
      String kind,
      String detail,
      Map<String, Object> properties,
      long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.properties = new LinkedHashMap<>(properties);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static EventsProblem unavailable(String detail, long retryAfterSeconds) {
    return new EventsProblem(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail, Map.of(), retryAfterSeconds);
  }

  public static EventsProblem badRequest(String kind, String detail) {
    return new EventsProblem(HttpStatus.BAD_REQUEST, kind, detail);
  }

  public HttpStatus status() {
    return status;
  }

  public String kind() {
    return kind;
  }

  /** Seconds for {@code Retry-After}, or -1 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ProblemDetail toProblem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(URI.create(TYPE_BASE + kind));
    problem.setTitle(status.getReasonPhrase());
    properties.forEach(problem::setProperty);
    return problem;
  }
}
