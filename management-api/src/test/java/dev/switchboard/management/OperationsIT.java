package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

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

  /**
   * docs/openapi/management-api.json is the published REST contract: it must be exactly what the
   * application serves. After an intended API change, copy
   * management-api/target/openapi-management-api.json over it.
   */
  @Test
  void thePublishedOpenApiDocumentIsCurrent() throws Exception {
    ObjectNode served = (ObjectNode) api.get("/v3/api-docs", null).body();
    served.remove("servers"); // the random test port
    String current =
        ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
    Files.writeString(Path.of("target", "openapi-management-api.json"), current);
    Path published = Path.of("..", "docs", "openapi", "management-api.json");
    assertThat(Files.exists(published)).as("%s exists", published).isTrue();
    assertThat(ApiClient.JSON.readTree(Files.readString(published)))
        .as("docs/openapi/management-api.json is out of date")
        .isEqualTo(ApiClient.JSON.readTree(current));
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
