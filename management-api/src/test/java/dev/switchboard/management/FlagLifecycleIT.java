package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.Reason;
import dev.switchboard.bucketing.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The main write paths end to end: REST → Postgres → outbox → Kafka, and the snapshot. */
class FlagLifecycleIT extends ManagementApiTestBase {

  private static final Object RULES =
      List.of(
          Map.of(
              "id", "staff",
              "audience",
                  Map.of(
                      "type",
                      "attribute",
                      "attribute",
                      "email",
                      "operator",
                      "endsWith",
                      "values",
                      List.of("@example.com")),
              "serve", Map.of("variation", "b")));

  @Test
  void everyWriteProducesOneChangePerEnvironmentWithIncreasingVersions() throws Exception {
    String project = createProject(unique("life"));
    assertThat(outboxRows(project)).isEqualTo(3); // three environments, first config each

    ApiClient.Response feature = createFeature(project, "checkout", ADMIN);
    assertThat(feature.status()).isEqualTo(201);
    assertThat(feature.etag()).isEqualTo("\"0\"");
    assertThat(outboxRows(project)).isEqualTo(6);

    String targeting = "/api/v1/projects/" + project + "/features/checkout/targeting/production";
    ApiClient.Response put =
        api.put(
            targeting, ADMIN, Map.of("on", true, "offVariation", "a", "rules", RULES), Map.of());
    assertThat(put.status()).as(put.raw()).isEqualTo(200);
    assertThat(outboxRows(project)).isEqualTo(7);
    long productionVersion =
        jdbc.sql(
                "select config_version from environment e join project p on p.id = e.project_id"
                    + " where p.key = :p and e.key = 'production'")
            .param("p", project)
            .query(Long.class)
            .single();
    assertThat(productionVersion).isEqualTo(3);

    try (ConfigChangesConsumer consumer = new ConfigChangesConsumer()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> consumer.changesOf(project).size() == 7);
      List<JsonNode> production =
          consumer.changesOf(project).stream()
              .filter(c -> c.get("environmentKey").stringValue().equals("production"))
              .toList();
      assertThat(production)
          .extracting(c -> c.get("configVersion").longValue())
          .containsExactly(1L, 2L, 3L);
    }
    assertThat(
            jdbc.sql(
                    "select count(*) from outbox o where o.payload->>'projectKey' = :p and sent_at is null")
                .param("p", project)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void theSnapshotIsADocumentTheEngineEvaluates() throws Exception {
    String project = createProject(unique("snap"));
    createFeature(project, "checkout", ADMIN);
    api.put(
        "/api/v1/projects/" + project + "/features/checkout/targeting/staging",
        ADMIN,
        Map.of("on", true, "rules", RULES),
        Map.of());
    String environmentId = environmentId(project, "staging");

    assertThat(api.get("/internal/v1/environments/" + environmentId + "/snapshot", null).status())
        .isEqualTo(401);
    assertThat(api.get("/internal/v1/environments/" + environmentId + "/snapshot", ADMIN).status())
        .isEqualTo(401);

    ApiClient.Response snapshot =
        api.get("/internal/v1/environments/" + environmentId + "/snapshot", SERVICE);
    assertThat(snapshot.status()).isEqualTo(200);
    assertThat(snapshot.body().get("configVersion").longValue()).isEqualTo(3);
    assertThat(snapshot.body().get("keys")).hasSize(2);
    Config config = Config.parse(ApiClient.JSON.writeValueAsBytes(snapshot.body().get("document")));
    assertThat(config.version()).isEqualTo(3);
    Evaluator evaluator = Evaluator.of(config);
    assertThat(
            evaluator
                .stringVariable(
                    User.builder("u1").email("kim@example.com").build(), "checkout", "x")
                .value())
        .isEqualTo("B");
    assertThat(
            evaluator
                .stringVariable(User.builder("u2").email("kim@mail.test").build(), "checkout", "x")
                .reason())
        .isEqualTo(Reason.DEFAULT);
  }

  @Test
  void aRejectedWriteChangesNothing() {
    String project = createProject(unique("reject"));
    createFeature(project, "checkout", ADMIN);
    String targeting = "/api/v1/projects/" + project + "/features/checkout/targeting/production";
    ApiClient.Response before = api.get(targeting, ADMIN);
    long rows = outboxRows(project);
    long audit = auditRows();

    ApiClient.Response bad = api.put(targeting, ADMIN, targetingWithUnknownVariation(), Map.of());

    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(bad.problemType())
        .isEqualTo("https://switchboard.dev/problems/unevaluable-targeting");
    assertThat(bad.body().get("feature").stringValue()).isEqualTo("checkout");
    assertThat(bad.body().get("detail").stringValue()).contains("no variation 'zzz'");
    assertThat(outboxRows(project)).isEqualTo(rows);
    assertThat(auditRows()).isEqualTo(audit);
    assertThat(api.get(targeting, ADMIN).body()).isEqualTo(before.body());
  }

  @Test
  void theKillSwitchTurnsAFeatureOffInOneCall() {
    String project = createProject(unique("kill"));
    createFeature(project, "checkout", ADMIN);
    String targeting = "/api/v1/projects/" + project + "/features/checkout/targeting/production";
    api.put(targeting, ADMIN, Map.of("on", true, "offVariation", "a", "rules", RULES), Map.of());

    ApiClient.Response off = api.post(targeting + "/off", ADMIN, null);

    assertThat(off.status()).isEqualTo(200);
    assertThat(off.body().get("on").booleanValue()).isFalse();
    assertThat(off.body().get("rules")).hasSize(1); // rules kept for when it comes back on
    assertThat(api.post(targeting + "/on", ADMIN, null).body().get("on").booleanValue()).isTrue();
  }

  @Test
  void theAuditLogSaysWhoChangedWhat() {
    String project = createProject(unique("audit"));
    createFeature(project, "checkout", ADMIN);
    ApiClient.Response audit = api.get("/api/v1/projects/" + project + "/audit?limit=1", ADMIN);
    assertThat(audit.status()).isEqualTo(200);
    JsonNode newest = audit.body().get("items").get(0);
    assertThat(newest.get("actor").stringValue()).isEqualTo("bootstrap-admin");
    assertThat(newest.get("entityType").stringValue()).isEqualTo("feature");
    assertThat(newest.get("action").stringValue()).isEqualTo("create");
    assertThat(newest.get("after").get("key").stringValue()).isEqualTo("checkout");
    String cursor = audit.body().get("nextCursor").stringValue();
    JsonNode older =
        api.get("/api/v1/projects/" + project + "/audit?limit=1&cursor=" + cursor, ADMIN).body();
    assertThat(older.get("items").get(0).get("entityType").stringValue()).isEqualTo("project");
  }
}
