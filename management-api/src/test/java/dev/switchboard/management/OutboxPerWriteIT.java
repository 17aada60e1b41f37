package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every write path leaves exactly one outbox row per environment it affects, carrying that
 * environment and its next configVersion.
 */
class OutboxPerWriteIT extends ManagementApiTestBase {

  private record Row(String environmentId, long version) {}

  @Test
  void everyWritePathProducesOneRowPerAffectedEnvironment() {
    String project = createProject(unique("paths"));
    String base = "/api/v1/projects/" + project;
    String targeting = base + "/features/checkout/targeting/staging";
    List<String> all = List.of("development", "staging", "production");

    check(
        project,
        List.of("qa"),
        () -> api.post(base + "/environments", ADMIN, Map.of("key", "qa", "name", "QA")));
    List<String> four = List.of("development", "staging", "production", "qa");
    check(
        project,
        List.of("staging"),
        () ->
            api.post(
                base + "/environments/staging/keys/server/rotate?gracePeriod=PT1H", ADMIN, null));
    check(project, four, () -> createFeature(project, "checkout", ADMIN));
    check(
        project,
        four,
        () ->
            api.patch(base + "/features/checkout", ADMIN, Map.of("clientVisible", true), Map.of()));
    check(
        project,
        List.of("staging"),
        () -> api.put(targeting, ADMIN, Map.of("on", true, "offVariation", "a"), Map.of()));
    check(project, List.of("staging"), () -> api.post(targeting + "/off", ADMIN, null));
    check(project, List.of("staging"), () -> api.post(targeting + "/on", ADMIN, null));
    check(
        project,
        four,
        () ->
            api.post(
                base + "/audiences",
                ADMIN,
                Map.of("key", "beta", "name", "Beta", "filter", Map.of("type", "all"))));
    check(
        project,
        four,
        () ->
            api.put(
                base + "/audiences/beta",
                ADMIN,
                Map.of("name", "Beta 2", "filter", Map.of("type", "all")),
                Map.of()));
    check(project, four, () -> api.delete(base + "/audiences/beta", ADMIN));
    check(project, four, () -> api.delete(base + "/features/checkout", ADMIN));
    check(project, List.of("qa"), () -> api.delete(base + "/environments/qa", ADMIN));
    check(project, all, () -> api.delete(base, ADMIN));
  }

  private void check(String project, List<String> affected, Supplier<ApiClient.Response> write) {
    Map<String, String> ids = new HashMap<>();
    for (String environment : affected) {
      ids.put(environment, environmentId(project, environment));
    }
    long before = newestOutboxId();
    ApiClient.Response response = write.get();
    assertThat(response.status()).as(response.raw()).isBetween(200, 299);
    for (String environment : affected) {
      if (ids.get(environment) == null) {
        ids.put(environment, environmentId(project, environment)); // created by this write
      }
    }
    List<Row> rows =
        jdbc.sql(
                "select environment_id::text, config_version from outbox where id > :id order by id")
            .param("id", before)
            .query((rs, n) -> new Row(rs.getString(1), rs.getLong(2)))
            .list();
    assertThat(rows)
        .extracting(Row::environmentId)
        .containsExactlyInAnyOrderElementsOf(ids.values());
    for (Row row : rows) {
      long previous =
          jdbc.sql(
                  "select coalesce(max(config_version), 0) from outbox where environment_id = cast(:e as uuid) and id <= :id")
              .param("e", row.environmentId())
              .param("id", before)
              .query(Long.class)
              .single();
      assertThat(row.version()).isEqualTo(previous + 1);
    }
  }

  private long newestOutboxId() {
    return jdbc.sql("select coalesce(max(id), 0) from outbox").query(Long.class).single();
  }
}
