package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What management-api does for events-api: the internal SDK-key lookup, and the usage reports'
 * checks before they reach events-api (here unreachable: 503). events-api's tests run both sides.
 */
class UsageReportsIT extends ManagementApiTestBase {
  private String project;

  @BeforeEach
  void project() {
    project = createProject(unique("usage"));
    assertThat(createFeature(project, "checkout", ADMIN).status()).isEqualTo(201);
    assertThat(createFeature(project, "old-banner", ADMIN).status()).isEqualTo(201);
    assertThat(api.delete("/api/v1/projects/" + project + "/features/old-banner", ADMIN).status())
        .isEqualTo(204);
  }

  private String key(String environment, String type) {
    ApiClient.Response keys =
        api.get("/api/v1/projects/" + project + "/environments/" + environment + "/keys", ADMIN);
    for (var key : keys.body()) {
      if (key.get("type").stringValue().equals(type)) {
        return key.get("key").stringValue();
      }
    }
    throw new AssertionError("no " + type + " key: " + keys.raw());
  }

  @Test
  void aServerKeyNamesItsEnvironmentAndTheLiveVariables() {
    String serverKey = key("staging", "server");
    ApiClient.Response found = api.get("/internal/v1/sdk-keys/" + serverKey, SERVICE);
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    assertThat(found.body().get("environmentId").stringValue())
        .isEqualTo(environmentId(project, "staging"));
    assertThat(found.body().get("projectKey").stringValue()).isEqualTo(project);
    assertThat(found.body().get("environmentKey").stringValue()).isEqualTo("staging");
    assertThat(found.body().get("type").stringValue()).isEqualTo("server");
    assertThat(found.body().get("variables").toString()).isEqualTo("[\"checkout\"]");
    assertThat(found.body().get("expiresAt").isNull()).isTrue();

    ApiClient.Response client =
        api.get("/internal/v1/sdk-keys/" + key("production", "client"), SERVICE);
    assertThat(client.body().get("type").stringValue()).isEqualTo("client");
    assertThat(client.body().get("environmentKey").stringValue()).isEqualTo("production");
  }

  @Test
  void unknownRevokedAndUnauthenticatedLookupsFindNothing() {
    String serverKey = key("staging", "server");
    assertThat(api.get("/internal/v1/sdk-keys/" + serverKey, null).status()).isEqualTo(401);
    assertThat(api.get("/internal/v1/sdk-keys/" + serverKey, ADMIN).status()).isEqualTo(401);
    assertThat(api.get("/internal/v1/sdk-keys/server-unknown", SERVICE).status()).isEqualTo(404);

    String base = "/api/v1/projects/" + project + "/environments/staging/keys/server/rotate";
    assertThat(api.post(base, ADMIN, null).status()).isEqualTo(200);
    ApiClient.Response revoked = api.get("/internal/v1/sdk-keys/" + serverKey, SERVICE);
    assertThat(revoked.status()).isEqualTo(404);
    assertThat(revoked.problemType()).isEqualTo("https://switchboard.dev/problems/not-found");

    String current = key("staging", "server");
    assertThat(api.post(base + "?gracePeriod=PT1H", ADMIN, null).status()).isEqualTo(200);
    ApiClient.Response inGrace = api.get("/internal/v1/sdk-keys/" + current, SERVICE);
    assertThat(inGrace.status()).isEqualTo(200);
    assertThat(inGrace.body().get("expiresAt").isNull()).isFalse();
  }

  @Test
  void reportsCheckTokenScopeAndParametersThenAnswer503WithoutEventsApi() {
    String usage = "/api/v1/projects/" + project + "/features/checkout/usage";
    String stale = "/api/v1/projects/" + project + "/stale-features";
    ApiClient.Response other =
        api.post(
            "/api/v1/tokens",
            ADMIN,
            Map.of("name", "viewer-elsewhere", "role", "viewer", "projects", List.of("elsewhere")));
    String foreignViewer = other.body().get("secret").stringValue();
    ApiClient.Response own =
        api.post(
            "/api/v1/tokens",
            ADMIN,
            Map.of("name", "viewer-" + project, "role", "viewer", "projects", List.of(project)));
    String viewer = own.body().get("secret").stringValue();

    assertThat(api.get(usage, null).status()).isEqualTo(401);
    assertThat(api.get(usage, foreignViewer).status()).isEqualTo(403);
    assertThat(api.get(stale, foreignViewer).status()).isEqualTo(403);
    assertThat(api.get(usage + "?interval=week", viewer).status()).isEqualTo(422);
    assertThat(api.get(usage + "?from=yesterday", viewer).status()).isEqualTo(422);
    assertThat(
            api.get(
                    usage + "?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z&interval=minute",
                    viewer)
                .status())
        .isEqualTo(422);
    assertThat(api.get(stale + "?days=0", viewer).status()).isEqualTo(422);
    assertThat(api.get("/api/v1/projects/" + project + "/features/nothing/usage", viewer).status())
        .isEqualTo(404);
    assertThat(api.get(usage + "?environment=nowhere", viewer).status()).isEqualTo(404);

    ApiClient.Response unavailable = api.get(usage + "?environment=staging", viewer);
    assertThat(unavailable.status()).as(unavailable.raw()).isEqualTo(503);
    assertThat(unavailable.headers().get("retry-after")).isEqualTo("5");
    assertThat(unavailable.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(unavailable.problemType())
        .isEqualTo("https://switchboard.dev/problems/events-api-unavailable");
    assertThat(api.get(stale, viewer).status()).isEqualTo(503);
  }
}
