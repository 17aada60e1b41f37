package dev.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Usage and stale-feature reports through management-api's public paths, which check the API token
 * and call events-api's internal endpoints: both services run for real.
 */
class ReportsIT extends EventsApiTestBase {

  @Test
  void usageIsReportedPerVariationThroughManagementApi() {
    String project = unique("usage");
    management.createProject(project, List.of("checkout", "banner"));
    String server = management.key(project, "production", "server");
    String client = management.key(project, "staging", "client");
    String productionId = management.environmentId(project, "production");
    String stagingId = management.environmentId(project, "staging");
    Instant now = minute();
    Instant earlier = now.minus(Duration.ofMinutes(2));

    assertThat(
            sendServer(
                    server,
                    batch(
                        "u1",
                        List.of(
                            evaluation("checkout", "on", "SPLIT", 10, earlier),
                            evaluation("checkout", "off", "SPLIT", 4, earlier),
                            evaluation("checkout", "on", "SPLIT", 6, now),
                            evaluation("banner", "on", "DEFAULT", 99, now)),
                        List.of()))
                .status())
        .isEqualTo(202);
    // a client app: gzip, on the client path
    byte[] gzipped =
        Http.gzip(
            Http.JSON.writeValueAsBytes(
                batch(
                    "u2",
                    List.of(evaluation("checkout", "off", "TARGETING_MATCH", 3, now)),
                    List.of())));
    Http.Response clientBatch =
        events.send(
            "POST", "/client/v1/events", client, gzipped, Map.of("Content-Encoding", "gzip"));
    assertThat(clientBatch.status()).as(clientBatch.raw()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> processedBatches(productionId) == 1 && processedBatches(stagingId) == 1);

    String admin = "Bearer " + ManagementApi.ADMIN;
    String base = "/api/v1/projects/" + project + "/features/checkout/usage";
    Http.Response perMinute =
        management.http.get(
            base
                + "?environment=production&interval=minute&from="
                + earlier
                + "&to="
                + now.plus(Duration.ofMinutes(1)),
            admin);
    assertThat(perMinute.status()).as(perMinute.raw()).isEqualTo(200);
    assertThat(perMinute.body().get("environments").toString()).isEqualTo("[\"production\"]");
    assertThat(totals(perMinute.body()))
        .containsExactly("checkout/off/SPLIT=4", "checkout/on/SPLIT=16");
    JsonNode buckets = perMinute.body().get("buckets");
    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0).get("start").stringValue()).isEqualTo(earlier.toString());
    assertThat(buckets.get(1).get("start").stringValue()).isEqualTo(now.toString());

    // all environments, per day: the client app's count joins in
    Http.Response perDay = management.http.get(base + "?interval=day", admin);
    assertThat(perDay.status()).as(perDay.raw()).isEqualTo(200);
    assertThat(totals(perDay.body()))
        .containsExactly(
            "checkout/off/SPLIT=4", "checkout/off/TARGETING_MATCH=3", "checkout/on/SPLIT=16");
    assertThat(perDay.body().get("from").stringValue())
        .isEqualTo(Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS).toString());
  }

  @Test
  void staleFeaturesAreThoseNothingEvaluatesOrThatServeOneVariation() {
    String project = unique("stale");
    management.createProject(project, List.of("unused", "settled", "busy", "fresh"));
    // features created 30 days ago, except "fresh", which is too young to judge
    management
        .jdbc
        .sql(
            "update feature set created_at = now() - interval '30 days'"
                + " where key <> 'fresh' and project_id = (select id from project where key = :p)")
        .param("p", project)
        .update();
    String server = management.key(project, "production", "server");
    String productionId = management.environmentId(project, "production");
    Instant now = minute();
    List<Map<String, Object>> evaluations = new ArrayList<>();
    evaluations.add(evaluation("settled", "on", "TARGETING_MATCH", 500, now));
    evaluations.add(evaluation("busy", "on", "SPLIT", 50, now));
    evaluations.add(evaluation("busy", "off", "SPLIT", 50, now));
    assertThat(sendServer(server, batch("s1", evaluations, List.of())).status()).isEqualTo(202);
    // "unused" was last evaluated 10 days ago: rows written as an old rollup would be
    jdbc.sql(
            "insert into evaluation_day (environment_id, variable, day, variation, reason, count)"
                + " values (cast(:e as uuid), 'unused', current_date - 10, 'on', 'SPLIT', 3)")
        .param("e", productionId)
        .update();
    await().atMost(Duration.ofSeconds(20)).until(() -> processedBatches(productionId) == 1);

    Http.Response stale =
        management.http.get(
            "/api/v1/projects/" + project + "/stale-features?days=7",
            "Bearer " + ManagementApi.ADMIN);
    assertThat(stale.status()).as(stale.raw()).isEqualTo(200);
    List<String> found = new ArrayList<>();
    for (JsonNode feature : stale.body().get("features")) {
      found.add(
          feature.get("feature").stringValue()
              + ":"
              + feature.get("reason").stringValue()
              + ":"
              + feature.path("variation").asString("-")
              + ":"
              + feature.path("lastEvaluatedDay").asString("-"));
    }
    assertThat(found)
        .containsExactlyInAnyOrder(
            "unused:not-evaluated:-:"
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(10),
            "settled:single-variation:on:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
  }

  @Test
  void aTokenOfAnotherProjectSeesNoUsage() {
    String project = unique("scoped");
    management.createProject(project, List.of("checkout"));
    Http.Response token =
        management.http.post(
            "/api/v1/tokens",
            "Bearer " + ManagementApi.ADMIN,
            Map.of("name", "viewer", "role", "viewer", "projects", List.of("somewhere-else")));
    String viewer = "Bearer " + token.body().get("secret").stringValue();
    assertThat(
            management
                .http
                .get("/api/v1/projects/" + project + "/features/checkout/usage", viewer)
                .status())
        .isEqualTo(403);
    assertThat(
            management.http.get("/api/v1/projects/" + project + "/stale-features", viewer).status())
        .isEqualTo(403);
  }

  private static List<String> totals(JsonNode report) {
    List<String> totals = new ArrayList<>();
    for (JsonNode count : report.get("totals")) {
      totals.add(
          count.get("variable").stringValue()
              + "/"
              + count.path("variation").asString("")
              + "/"
              + count.get("reason").stringValue()
              + "="
              + count.get("count").longValue());
    }
    return totals;
  }
}
