package dev.switchboard.management.usage;

import dev.switchboard.management.web.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * For events-api (service token): what an SDK key may send events for. events-api caches the answer
 * for a short time (decision 0004), so a revoked key stops working within that time.
 */
@RestController
class SdkKeyLookupController {
  private final JdbcClient jdbc;
  private final Clock clock;

  SdkKeyLookupController(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * @param type {@code server} or {@code client}
   * @param variables the variable keys of the project's live (not archived) features, sorted
   * @param expiresAt when a rotated key stops working; null for a current key
   */
  record SdkKeyView(
      UUID environmentId,
      String projectKey,
      String environmentKey,
      String type,
      List<String> variables,
      @Nullable Instant expiresAt) {}

  private record KeyRow(
      UUID environmentId,
      UUID projectId,
      String projectKey,
      String environmentKey,
      String type,
      @Nullable Timestamp expiresAt) {}

  @GetMapping("/internal/v1/sdk-keys/{key}")
  @Transactional(readOnly = true)
  SdkKeyView lookup(@PathVariable String key) {
    KeyRow row =
        jdbc.sql(
                "select e.id as environment_id, p.id as project_id, p.key as project_key,"
                    + " e.key as environment_key, k.type, k.expires_at"
                    + " from sdk_key k join environment e on e.id = k.environment_id"
                    + " join project p on p.id = e.project_id"
                    + " where k.key = :key and (k.expires_at is null or k.expires_at > :now)")
            .param("key", key)
            .param("now", Timestamp.from(clock.instant()))
            .query(KeyRow.class)
            .optional()
            // the same answer for unknown, revoked and expired keys: nothing to probe
            .orElseThrow(() -> ApiException.notFound("this SDK key"));
    List<String> variables =
        jdbc.sql(
                "select distinct v->>'key' from feature f, jsonb_array_elements(f.variables) v"
                    + " where f.project_id = :project and f.archived_at is null order by 1")
            .param("project", row.projectId())
            .query(String.class)
            .list();
    return new SdkKeyView(
        row.environmentId(),
        row.projectKey(),
        row.environmentKey(),
        row.type(),
        variables,
        row.expiresAt() == null ? null : row.expiresAt().toInstant());
  }
}
