package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What operators and API users rely on without a token: OpenAPI, health, metrics. */
class OperationsIT extends ManagementApiTestBase {

  @Test
  void publishesAnOpenApiDocumentOfTheRestApi() {
    ApiClient.Response docs = api.get("/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().get("paths").has("/api/v1/projects")).isTrue();
    assertThat(
            docs.body()
                .get("paths")
                .has("/api/v1/projects/{project}/features/{feature}/targeting/{environment}/off"))
        .isTrue();
    // the caller comes from the bearer token, never from a parameter
    assertThat(docs.raw()).doesNotContain("\"name\":\"caller\"");
    assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
  }

  @Test
  void reportsReadinessAndOutboxMetrics() {
    assertThat(api.get("/actuator/health/readiness", null).body().get("status").stringValue())
        .isEqualTo("UP");
    assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    ApiClient.Response metrics = api.get("/actuator/prometheus", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw())
        .contains("switchboard_outbox_pending")
        .contains("switchboard_outbox_oldest_age_seconds")
        .contains("switchboard_outbox_delivery_seconds");
  }
}
