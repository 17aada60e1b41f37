package dev.switchboard.edge.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The one error type of this service: RFC 7807 problem details, {@code type} per kind. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final ProblemDocuments problems;

  ProblemHandler(ProblemDocuments problems) {
    this.problems = problems;
  }

  @ExceptionHandler(EdgeException.class)
  ResponseEntity<byte[]> edge(EdgeException e, ServerWebExchange exchange) {
    return ResponseEntity.status(e.status())
        .headers(e.headers())
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problems.of(e, exchange.getRequest().getPath().value()));
  }

  /** Anything unexpected: logged with its stack trace, answered without one. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> unexpected(Exception e, ServerWebExchange exchange) {
    log.error(
        "request {} {} failed",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        e);
    return ResponseEntity.internalServerError()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problems.unexpected());
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception e,
      @org.jspecify.annotations.Nullable Object body,
      @org.jspecify.annotations.Nullable HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    // Spring's own errors (wrong method, media type, ...): keep its problem, give it a stable type
    return super.handleExceptionInternal(e, body, headers, status, exchange)
        .map(
            response -> {
              if (response.getBody() instanceof ProblemDetail problem
                  && (problem.getType() == null
                      || "about:blank".equals(problem.getType().toString()))) {
                problem.setType(URI.create(EdgeException.TYPE_BASE + "bad-request"));
              }
              return response;
            });
  }
}
