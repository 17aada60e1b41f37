package dev.switchboard.configservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin endpoint, the rebuild at start, health and metrics. */
class AdminIT extends ConfigServiceTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theRebuildNeedsTheServiceTokenAndAnswersProblemDetails() {
    HttpResponse<String> anonymous = post("/admin/v1/rebuild", null);
    HttpResponse<String> wrong = post("/admin/v1/rebuild", "not-the-token");

    for (HttpResponse<String> response : java.util.List.of(anonymous, wrong)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(Management.JSON.readTree(response.body()).path("type").asString())
          .isEqualTo("https://switchboard.dev/problems/unauthenticated");
    }
  }

  @Test
  void aRebuildRestoresObjectsTheStoreLost() {
    String project = management.createProject(Management.unique("rebuild"));
    management.createFeature(project, "checkout", true);
    Management.Environment production = management.environment(project, "production");
    String serverKey = management.currentKey(project, "production", "server");
    String clientKey = management.currentKey(project, "production", "client");
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                Documents.version(store, SdkType.CLIENT, clientKey) == production.configVersion());
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                published()
                        .latest(production.id(), SdkType.CLIENT)
                        .map(dev.switchboard.contracts.ConfigPublished::version)
                        .orElse(-1L)
                    == production.configVersion());
    byte[] before = Documents.bytes(store, SdkType.SERVER, serverKey).orElseThrow();
    int announcements = published().of(production.id(), SdkType.SERVER).size();

    store.delete(ObjectKeys.config(SdkType.SERVER, serverKey));
    store.delete(ObjectKeys.config(SdkType.CLIENT, clientKey));
    HttpResponse<String> response = post("/admin/v1/rebuild", Platform.SERVICE);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = Management.JSON.readTree(response.body());
    assertThat(result.path("environments").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(result.path("failed").size()).isZero();
    assertThat(Documents.bytes(store, SdkType.SERVER, serverKey)).hasValue(before);
    assertThat(Documents.version(store, SdkType.CLIENT, clientKey))
        .isEqualTo(production.configVersion());
    // identical bytes at the same version: nothing new to announce
    assertThat(published().of(production.id(), SdkType.SERVER)).hasSize(announcements);
  }

  @Test
  void aStoreWithoutFormatMarkerIsRebuiltAtStartAndMarked() {
    await()
        .atMost(ChangeEvents.patience())
        .until(() -> store.get("meta/config-service.json").isPresent());
    String marker =
        new String(
            store.get("meta/config-service.json").orElseThrow().body(), StandardCharsets.UTF_8);
    assertThat(Management.JSON.readTree(marker).path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(prometheus()).containsPattern("switchboard_config_rebuilds_total\\{[^}]*\\} [1-9]");
  }

  @Test
  void healthAndMetricsReportPublishing() {
    String project = management.createProject(Management.unique("metrics"));
    Management.Environment production = management.environment(project, "production");
    String serverKey = management.currentKey(project, "production", "server");
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                Documents.version(store, SdkType.SERVER, serverKey) == production.configVersion());

    JsonNode health = Management.JSON.readTree(get("/actuator/health").body());
    assertThat(health.path("status").asString()).isEqualTo("UP");
    assertThat(health.path("components").path("publishing").path("status").asString())
        .isEqualTo("UP");
    assertThat(health.path("components").path("catalogue").path("status").asString())
        .isEqualTo("UP");
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    assertThat(prometheus())
        .contains("switchboard_config_build_seconds_count{")
        .contains("switchboard_config_document_size_bytes_count{")
        .contains("switchboard_config_publish_lag_seconds_count{")
        .contains("switchboard_config_refresh_seconds{")
        .contains("switchboard_config_failures_total{")
        .contains("stage=\"store\"")
        .containsPattern("switchboard_config_published_total\\{[^}]*\\} [1-9]");
  }

  private String prometheus() {
    return get("/actuator/prometheus").body();
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private HttpResponse<String> post(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
