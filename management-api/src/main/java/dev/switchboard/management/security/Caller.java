package dev.switchboard.management.security;

import dev.switchboard.management.web.ApiException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: resolved from the bearer token by {@link TokenAuthenticationFilter} and injected
 * into controller methods. Every controller method checks what it needs here.
 *
 * @param name the token's name, recorded as the actor in the audit log
 * @param role what the token may do
 * @param projects the project keys the token is limited to; null for every project
 */
public record Caller(String name, Role role, @Nullable Set<String> projects) {

  /** Requires {@code role} on {@code projectKey}; 403 otherwise. */
  public void require(Role needed, String projectKey) {
    if (!canSee(projectKey)) {
      throw ApiException.forbidden("this token is not allowed to use project '" + projectKey + "'");
    }
    requireRole(needed);
  }

  /** Requires {@code role} on every project (an unscoped token); 403 otherwise. */
  public void requireUnscoped(Role needed) {
    if (projects != null) {
      throw ApiException.forbidden("this needs a token that is not limited to projects");
    }
    requireRole(needed);
  }

  /** Requires {@code role}, whatever the scope (lists then show only projects in scope). */
  public void requireUnscopedOrScoped(Role needed) {
    requireRole(needed);
  }

  public boolean canSee(String projectKey) {
    return projects == null || projects.contains(projectKey);
  }

  private void requireRole(Role needed) {
    if (!role.includes(needed)) {
      throw ApiException.forbidden(
          "this needs the role '"
              + needed.wireName()
              + "'; the token has '"
              + role.wireName()
              + "'");
    }
  }
}
