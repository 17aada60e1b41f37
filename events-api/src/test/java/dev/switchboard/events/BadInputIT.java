package dev.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input matrix: every refused batch gets its problem type and changes nothing. A good batch
 * sent afterwards (same environment, so the same Kafka partition) is the only one counted.
 */
class BadInputIT extends EventsApiTestBase {
  private String project;
  private String serverKey;
  private String clientKey;
  private String environmentId;

  @BeforeEach
  void project() {
    project = unique("bad");
    management.createProject(project, List.of("checkout"));
    serverKey = management.key(project, "staging", "server");
    clientKey = management.key(project, "staging", "client");
    environmentId = management.environmentId(project, "staging");
  }

  private Map<String, Object> good(String batchId) {
    return batch(batchId, List.of(evaluation("checkout", "on", "SPLIT", 3, minute())), List.of());
  }

  private void assertProblem(Http.Response response, int status, String type) {
    assertThat(response.status()).as(response.raw()).isEqualTo(status);
    assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(response.problemType()).isEqualTo(type);
  }

  @Test
  void refusedBatchesRecordNothing() {
    String otherProject = unique("other");
    management.createProject(otherProject, List.of("checkout"));

    // keys
    assertProblem(sendServer(null, good("b1")), 401, "unauthenticated");
    assertProblem(sendServer("server-not-a-key", good("b2")), 401, "unauthenticated");
    assertProblem(sendServer(clientKey, good("b3")), 403, "wrong-key-type");
    assertProblem(events.post("/client/v1/events", serverKey, good("b4")), 403, "wrong-key-type");
    Map<String, Object> foreign = good("b5");
    foreign.put("project", otherProject);
    foreign.put("environment", "staging");
    assertProblem(sendServer(serverKey, foreign), 403, "foreign-environment");
    Map<String, Object> otherEnvironment = good("b6");
    otherEnvironment.put("environment", "production");
    assertProblem(sendServer(serverKey, otherEnvironment), 403, "foreign-environment");

    // size
    String huge = "{\"batchId\":\"b7\",\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    assertProblem(sendServer(serverKey, huge), 413, "too-large");
    byte[] zipBomb =
        Http.gzip(
            ("{\"batchId\":\"b8\",\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertProblem(
        events.send(
            "POST", "/v1/events/batch", serverKey, zipBomb, Map.of("Content-Encoding", "gzip")),
        413,
        "too-large");
    List<Map<String, Object>> many = new ArrayList<>();
    for (int i = 0; i < 10_001; i++) {
      many.add(evaluation("checkout", "on", "SPLIT", 1, minute()));
    }
    assertProblem(sendServer(serverKey, batch("b9", many, List.of())), 413, "too-many-events");

    // JSON
    assertProblem(
        sendServer(serverKey, "{\"batchId\": \"b10\", \"evaluations\": ["), 400, "bad-request");
    assertProblem(sendServer(serverKey, "[1, 2]"), 400, "bad-request");
    assertProblem(sendServer(serverKey, ""), 400, "bad-request");
    assertProblem(
        events.send(
            "POST",
            "/v1/events/batch",
            serverKey,
            "not gzip".getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Encoding", "gzip")),
        400,
        "bad-request");
    Map<String, Object> fractional = good("b11");
    fractional.put(
        "evaluations",
        List.of(
            Map.of(
                "variable",
                "checkout",
                "variation",
                "on",
                "reason",
                "SPLIT",
                "count",
                1.5,
                "from",
                minute().toString(),
                "to",
                minute().toString())));
    assertProblem(sendServer(serverKey, fractional), 400, "bad-request");

    // values
    Http.Response negative =
        sendServer(
            serverKey,
            batch("b12", List.of(evaluation("checkout", "on", "SPLIT", -5, minute())), List.of()));
    assertProblem(negative, 400, "invalid-batch");
    assertThat(negative.body().get("errors").get(0).get("pointer").stringValue())
        .isEqualTo("/evaluations/0/count");
    Instant future = Instant.now().plus(Duration.ofHours(2));
    Http.Response late =
        sendServer(
            serverKey,
            batch("b13", List.of(evaluation("checkout", "on", "SPLIT", 1, future)), List.of()));
    assertProblem(late, 400, "invalid-batch");
    assertThat(late.raw()).contains("/evaluations/0/from").contains("in the future");
    Instant old = Instant.now().minus(Duration.ofDays(8));
    assertProblem(
        sendServer(
            serverKey,
            batch("b14", List.of(evaluation("checkout", "on", "SPLIT", 1, old)), List.of())),
        400,
        "invalid-batch");
    Map<String, Object> noId = good("x");
    noId.remove("batchId");
    assertProblem(sendServer(serverKey, noId), 400, "invalid-batch");
    assertProblem(
        sendServer(
            serverKey,
            batch(
                "b15",
                List.of(),
                List.of(Map.of("key", "purchase", "timestamp", future.toString())))),
        400,
        "invalid-batch");
    assertProblem(
        sendServer(
            serverKey,
            batch(
                "b16", List.of(evaluation("checkout", "on", "split me", 1, minute())), List.of())),
        400,
        "invalid-batch");

    // the only batch counted is the good one sent last
    Http.Response accepted = sendServer(serverKey, good("good"));
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(processedBatches(environmentId)).isEqualTo(1));
    assertThat(dayCount(environmentId, "checkout")).isEqualTo(3);
  }

  @Test
  void aRevokedKeyStopsWorkingWithinTheCacheTime() {
    assertThat(sendServer(serverKey, good("before")).status()).isEqualTo(202);
    Http.Response rotated =
        management.http.post(
            "/api/v1/projects/" + project + "/environments/staging/keys/server/rotate",
            "Bearer " + ManagementApi.ADMIN,
            null);
    assertThat(rotated.status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(sendServer(serverKey, good("after")).status()).isEqualTo(401));
    String fresh = rotated.body().get("key").stringValue();
    assertThat(sendServer(fresh, good("after")).status()).isEqualTo(202);
  }

  @Test
  void reportsLivenessAndReadiness() {
    Http.Response readiness = events.get("/actuator/health/readiness", null);
    assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
    assertThat(readiness.body().get("status").stringValue()).isEqualTo("UP");
    assertThat(events.get("/actuator/health/liveness", null).status()).isEqualTo(200);
  }

  @Test
  void internalReportsNeedTheServiceToken() {
    String usage =
        "/internal/v1/usage?environment="
            + environmentId
            + "&variable=checkout&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";
    assertThat(events.get(usage, null).status()).isEqualTo(401);
    assertThat(events.get(usage, "Bearer " + serverKey).status()).isEqualTo(401);
    assertThat(events.get(usage, "Bearer " + ManagementApi.SERVICE).status()).isEqualTo(200);
  }
}
