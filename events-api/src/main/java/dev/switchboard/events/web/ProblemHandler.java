package dev.switchboard.events.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one error type of this service: RFC 7807 problem details, {@code type} per kind. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(EventsProblem.class)
  ResponseEntity<ProblemDetail> problem(EventsProblem e, HttpServletRequest request) {
    ProblemDetail problem = e.toProblem();
    problem.setInstance(URI.create(request.getRequestURI()));
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (e.retryAfterSeconds() >= 0) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
    return response.body(problem);
  }

  /** Anything unexpected: logged with its stack trace, answered without one. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("request {} {} failed", request.getMethod(), request.getRequestURI(), e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "the request failed unexpectedly; it is logged");
    problem.setType(URI.create(EventsProblem.TYPE_BASE + "internal"));
    return ResponseEntity.internalServerError()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    // Spring's own errors (wrong method, media type, missing parameter...): keep its problem
    // detail and give it a stable type.
    ResponseEntity<Object> response =
        super.handleExceptionInternal(e, body, headers, status, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
        problem.setType(URI.create(EventsProblem.TYPE_BASE + "bad-request"));
      }
    }
    return response;
  }
}
