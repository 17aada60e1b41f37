package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem detail and writes nothing. */
class BadInputIT extends ManagementApiTestBase {
  private String project;
  private String targeting;
  private long outboxBefore;
  private long auditBefore;

  @BeforeEach
  void project() {
    project = createProject(unique("bad"));
    createFeature(project, "checkout", ADMIN);
    targeting = "/api/v1/projects/" + project + "/features/checkout/targeting/production";
    rememberCounts();
  }

  /** What a rejected write must leave unchanged. */
  private void rememberCounts() {
    outboxBefore = outboxRows(project);
    auditBefore = auditRows();
  }

  private void assertProblem(ApiClient.Response response, int status, String type) {
    assertThat(response.status()).as(response.raw()).isEqualTo(status);
    assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(response.problemType()).isEqualTo("https://switchboard.dev/problems/" + type);
    assertThat(response.body().get("detail").stringValue()).isNotBlank();
    assertThat(outboxRows(project)).as("outbox rows").isEqualTo(outboxBefore);
    assertThat(auditRows()).as("audit rows").isEqualTo(auditBefore);
  }

  @Test
  void malformedJson() {
    ApiClient.Response response = api.send("PUT", targeting, ADMIN, "{\"on\": tru", Map.of());
    assertProblem(response, 400, "bad-request");
    assertThat(response.body().get("detail").stringValue()).startsWith("malformed JSON");
  }

  @Test
  void unknownFieldsInTypedBodies() {
    ApiClient.Response response =
        api.put(targeting, ADMIN, Map.of("on", true, "onn", false), Map.of());
    assertProblem(response, 400, "bad-request");
    assertThat(response.body().get("detail").stringValue()).isEqualTo("unknown field 'onn'");
  }

  @Test
  void keysThatBreakThePattern() {
    ApiClient.Response response =
        api.post(
            "/api/v1/projects/" + project + "/features",
            ADMIN,
            Map.of(
                "key",
                "Not A Key",
                "name",
                "x",
                "variables",
                List.of(),
                "variations",
                List.of(Map.of("key", "a", "values", Map.of()))));
    assertProblem(response, 400, "validation");
    assertThat(response.body().get("errors").get(0).get("field").stringValue()).isEqualTo("key");
  }

  @Test
  void oversizedBodies() {
    String huge = "{\"on\": true, \"rules\": [], \"pad\": \"" + "x".repeat(1_100_000) + "\"}";
    assertProblem(api.send("PUT", targeting, ADMIN, huge, Map.of()), 413, "too-large");
  }

  @Test
  void targetingThatReferencesAMissingVariation() {
    assertProblem(
        api.put(targeting, ADMIN, Map.of("on", true, "offVariation", "nope"), Map.of()),
        422,
        "unevaluable-targeting");
  }

  @Test
  void targetingThatReferencesAMissingAudience() {
    Object rules =
        List.of(
            Map.of(
                "id",
                "r",
                "audience",
                Map.of("type", "audience", "audience", "ghosts"),
                "serve",
                Map.of("variation", "a")));
    ApiClient.Response response =
        api.put(targeting, ADMIN, Map.of("on", true, "rules", rules), Map.of());
    assertProblem(response, 422, "unevaluable-targeting");
    assertThat(response.body().get("detail").stringValue()).contains("no audience 'ghosts'");
  }

  @Test
  void cyclicAudiences() {
    String audiences = "/api/v1/projects/" + project + "/audiences";
    assertThat(
            api.post(
                    audiences,
                    ADMIN,
                    Map.of("key", "x", "name", "X", "filter", Map.of("type", "all")))
                .status())
        .isEqualTo(201);
    assertThat(
            api.post(
                    audiences,
                    ADMIN,
                    Map.of(
                        "key",
                        "y",
                        "name",
                        "Y",
                        "filter",
                        Map.of("type", "audience", "audience", "x")))
                .status())
        .isEqualTo(201);
    rememberCounts();
    ApiClient.Response cycle =
        api.put(
            audiences + "/x",
            ADMIN,
            Map.of("name", "X", "filter", Map.of("type", "audience", "audience", "y")),
            Map.of());
    assertProblem(cycle, 422, "unevaluable-targeting");
    assertThat(cycle.body().get("detail").stringValue()).contains("refers to itself");
  }

  @Test
  void prerequisiteCycles() {
    createFeature(project, "banner", ADMIN);
    Object needsBanner =
        List.of(
            Map.of(
                "id",
                "r",
                "audience",
                Map.of("type", "prerequisite", "feature", "banner", "variations", List.of("a")),
                "serve",
                Map.of("variation", "b")));
    Object needsCheckout =
        List.of(
            Map.of(
                "id",
                "r",
                "audience",
                Map.of("type", "prerequisite", "feature", "checkout", "variations", List.of("a")),
                "serve",
                Map.of("variation", "b")));
    assertThat(
            api.put(targeting, ADMIN, Map.of("on", true, "rules", needsBanner), Map.of()).status())
        .isEqualTo(200);
    rememberCounts();
    ApiClient.Response cycle =
        api.put(
            "/api/v1/projects/" + project + "/features/banner/targeting/production",
            ADMIN,
            Map.of("on", true, "rules", needsCheckout),
            Map.of());
    assertProblem(cycle, 422, "unevaluable-targeting");
    assertThat(cycle.body().get("detail").stringValue()).contains("prerequisite cycle");
  }

  @Test
  void variationValuesOfTheWrongType() {
    ApiClient.Response response =
        api.patch(
            "/api/v1/projects/" + project + "/features/checkout",
            ADMIN,
            Map.of("variations", List.of(Map.of("key", "a", "values", Map.of("checkout", 42)))),
            Map.of());
    assertProblem(response, 422, "unevaluable-targeting");
    assertThat(response.body().get("detail").stringValue()).contains("must be a string");
  }
}
