package dev.switchboard.management.change;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For config-service (service token): every environment that exists, with its current {@code
 * configVersion}, so that a rebuild of everything knows what to rebuild.
 */
@RestController
class EnvironmentIndexController {
  private final JdbcClient jdbc;

  EnvironmentIndexController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record EnvironmentEntry(
      String environmentId, String projectKey, String environmentKey, long configVersion) {}

  record EnvironmentIndex(List<EnvironmentEntry> environments) {}

  @GetMapping("/internal/v1/environments")
  @Transactional(readOnly = true)
  EnvironmentIndex environments() {
    return new EnvironmentIndex(
        jdbc.sql(
                "select e.id::text as id, p.key as project_key, e.key, e.config_version"
                    + " from environment e join project p on p.id = e.project_id"
                    + " order by p.key, e.key")
            .query(
                (rs, n) ->
                    new EnvironmentEntry(
                        rs.getString("id"),
                        rs.getString("project_key"),
                        rs.getString("key"),
                        rs.getLong("config_version")))
            .list());
  }
}
