package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /internal/v1/environments}: what config-service rebuilds when asked to rebuild all.
 */
class EnvironmentIndexIT extends ManagementApiTestBase {

  @Test
  void listsEveryEnvironmentWithItsConfigVersion() {
    String project = createProject(unique("index"));
    createFeature(project, "checkout", ADMIN);

    ApiClient.Response response = api.get("/internal/v1/environments", SERVICE);

    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    List<JsonNode> mine =
        entries(response.body()).stream()
            .filter(e -> e.get("projectKey").stringValue().equals(project))
            .toList();
    assertThat(mine)
        .extracting(e -> e.get("environmentKey").stringValue())
        .containsExactly("development", "production", "staging");
    for (JsonNode entry : mine) {
      assertThat(entry.get("environmentId").stringValue())
          .isEqualTo(environmentId(project, entry.get("environmentKey").stringValue()));
      assertThat(entry.get("configVersion").longValue()).isEqualTo(2); // created, then a feature
    }
  }

  @Test
  void aDeletedEnvironmentIsNotListed() {
    String project = createProject(unique("index"));
    String staging = environmentId(project, "staging");
    assertThat(api.delete("/api/v1/projects/" + project + "/environments/staging", ADMIN).status())
        .isEqualTo(204);

    List<JsonNode> environments = entries(api.get("/internal/v1/environments", SERVICE).body());

    assertThat(environments.stream().map(e -> e.get("environmentId").stringValue()))
        .doesNotContain(staging)
        .contains(environmentId(project, "production"));
  }

  @Test
  void needsTheServiceToken() {
    assertThat(api.get("/internal/v1/environments", null).status()).isEqualTo(401);
    assertThat(api.get("/internal/v1/environments", ADMIN).status()).isEqualTo(401);
  }

  private static List<JsonNode> entries(JsonNode body) {
    List<JsonNode> entries = new java.util.ArrayList<>();
    body.get("environments").forEach(entries::add);
    return entries;
  }
}
