package dev.switchboard.configservice.admin;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** An admin request that fails with a problem-details answer of a stable {@code type}. */
class AdminException extends RuntimeException {
  static final String TYPE_BASE = "https://switchboard.dev/problems/";

  private final HttpStatus status;
  private final String type;

  AdminException(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  HttpStatus status() {
    return status;
  }

  ProblemDetail toProblem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(URI.create(TYPE_BASE + type));
    return problem;
  }
}
