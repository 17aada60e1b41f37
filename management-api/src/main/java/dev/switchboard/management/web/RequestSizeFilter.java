package dev.switchboard.management.web;

import dev.switchboard.management.ManagementProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over {@code switchboard.management.max-request-bytes} with 413 before they are
 * read: flag data is small, and a huge body is a mistake or an attack.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeFilter extends OncePerRequestFilter {
  private final long maxBytes;
  private final ProblemWriter problems;

  RequestSizeFilter(ManagementProperties properties, ProblemWriter problems) {
    this.maxBytes = properties.maxRequestBytes();
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    boolean chunked =
        length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
    if (length > maxBytes || chunked) {
      problems.write(
          response,
          new ApiException(
              HttpStatus.PAYLOAD_TOO_LARGE,
              "too-large",
              "request bodies are limited to " + maxBytes + " bytes and need a Content-Length"));
      return;
    }
    chain.doFilter(request, response);
  }
}
