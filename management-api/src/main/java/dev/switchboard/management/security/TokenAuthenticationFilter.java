package dev.switchboard.management.security;

import dev.switchboard.management.ManagementProperties;
import dev.switchboard.management.web.ApiException;
import dev.switchboard.management.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request under {@code /api/} with an API token and every request under {@code
 * /internal/} with the service token; 401 without a valid one. Authorization (role and project
 * scope) is each controller's job, through {@link Caller}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class TokenAuthenticationFilter extends OncePerRequestFilter {
  static final String CALLER = Caller.class.getName();

  private final ApiTokenRepository tokens;
  private final ProblemWriter problems;
  private final String bootstrapToken;
  private final String serviceToken;

  TokenAuthenticationFilter(
      ApiTokenRepository tokens, ProblemWriter problems, ManagementProperties properties) {
    this.tokens = tokens;
    this.problems = problems;
    this.bootstrapToken = properties.bootstrapToken();
    this.serviceToken = properties.serviceToken();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Caller caller = null;
    if (path.startsWith("/api/")) {
      caller = apiCaller(bearer(request));
    } else if (path.startsWith("/internal/")) {
      String presented = bearer(request);
      if (!serviceToken.isEmpty() && presented != null && Secrets.same(presented, serviceToken)) {
        caller = new Caller("config-service", Role.VIEWER, null);
      }
    } else {
      chain.doFilter(request, response); // health, metrics, OpenAPI
      return;
    }
    if (caller == null) {
      problems.write(response, ApiException.unauthenticated());
      return;
    }
    request.setAttribute(CALLER, caller);
    chain.doFilter(request, response);
  }

  private @Nullable Caller apiCaller(@Nullable String presented) {
    if (presented == null) {
      return null;
    }
    if (!bootstrapToken.isEmpty() && Secrets.same(presented, bootstrapToken)) {
      return new Caller("bootstrap-admin", Role.ADMIN, null);
    }
    return tokens
        .findByTokenHashAndRevokedAtIsNull(Secrets.sha256(presented))
        .map(
            token ->
                new Caller(
                    token.name,
                    Role.fromWireName(token.role),
                    token.projects == null ? null : Set.copyOf(token.projects)))
        .orElse(null);
  }

  private static @Nullable String bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
