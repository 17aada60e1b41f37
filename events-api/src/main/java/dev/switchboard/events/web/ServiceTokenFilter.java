package dev.switchboard.events.web;

import dev.switchboard.events.EventsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests under {@code /internal/} (the reports management-api asks for) need the service token;
 * 401 without it, and always when no service token is configured.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ServiceTokenFilter extends OncePerRequestFilter {
  private final byte[] serviceToken;
  private final ProblemWriter problems;

  ServiceTokenFilter(EventsProperties properties, ProblemWriter problems) {
    this.serviceToken = properties.serviceToken().getBytes(StandardCharsets.UTF_8);
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request
        .getRequestURI()
        .substring(request.getContextPath().length())
        .startsWith("/internal/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    boolean valid =
        serviceToken.length > 0
            && header != null
            && header.regionMatches(true, 0, "Bearer ", 0, 7)
            && MessageDigest.isEqual(
                header.substring(7).trim().getBytes(StandardCharsets.UTF_8), serviceToken);
    if (!valid) {
      problems.write(
          response,
          new EventsProblem(
              HttpStatus.UNAUTHORIZED,
              "unauthenticated",
              "internal endpoints need the service token: Authorization: Bearer <token>"));
      return;
    }
    chain.doFilter(request, response);
  }
}
