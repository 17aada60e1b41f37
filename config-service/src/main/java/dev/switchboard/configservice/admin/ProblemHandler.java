package dev.switchboard.configservice.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one error type of this service: RFC 7807 problem details, {@code type} per kind. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(AdminException.class)
  ResponseEntity<ProblemDetail> admin(AdminException e, HttpServletRequest request) {
    ProblemDetail problem = e.toProblem();
    problem.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(e.status()).body(problem);
  }

  /** Anything unexpected: logged with its stack trace, answered without one. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("request {} {} failed", request.getMethod(), request.getRequestURI(), e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "the request failed unexpectedly; it is logged");
    problem.setType(URI.create(AdminException.TYPE_BASE + "internal"));
    return ResponseEntity.internalServerError().body(problem);
  }
}
