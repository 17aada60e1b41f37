package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.ConfigServiceStandIn.Env;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every SDK-facing endpoint with no key, an unknown key, a revoked key, an expired key, the other
 * key type, and another environment's key.
 */
class AuthorizationIT extends EdgeTestBase {

  /** One endpoint and the key type it wants. */
  record Endpoint(String name, SdkType type) {}

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET /sdk/v1/config/server/{key}.json", SdkType.SERVER),
          new Endpoint("GET /sdk/v1/stream", SdkType.SERVER),
          new Endpoint("POST /v1/variables", SdkType.SERVER),
          new Endpoint("POST /v1/variables/{key}", SdkType.SERVER),
          new Endpoint("POST /v1/features", SdkType.SERVER),
          new Endpoint("POST /client/v1/evaluate", SdkType.CLIENT),
          new Endpoint("GET /client/v1/stream", SdkType.CLIENT));

  private static Env env;
  private static Env other;
  private static String revokedServer;
  private static String revokedClient;
  private static String expiredServer;
  private static String expiredClient;

  @BeforeEach
  void environments() {
    if (env != null) {
      return;
    }
    env = ConfigServiceStandIn.newEnvironment();
    other = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 9);
    revokedServer = "server-revoked-" + env.environmentId();
    revokedClient = "client-revoked-" + env.environmentId();
    expiredServer = "server-expired-" + env.environmentId();
    expiredClient = "client-expired-" + env.environmentId();
    // version 1 knows the keys that are revoked in version 2
    configService()
        .publish(
            env,
            SdkType.SERVER,
            1,
            ConfigServiceStandIn.serverDocument(env, 1),
            ConfigServiceStandIn.keys(env.serverKey(), revokedServer));
    configService()
        .publish(
            env,
            SdkType.CLIENT,
            1,
            ConfigServiceStandIn.clientDocument(env, 1),
            ConfigServiceStandIn.keys(env.clientKey(), revokedClient));
    awaitServerVersion(env, 1);
    assertThat(getConfig(revokedServer).statusCode()).isEqualTo(200);
    Instant past = Instant.now().minusSeconds(1);
    configService()
        .publish(
            env,
            SdkType.SERVER,
            2,
            ConfigServiceStandIn.serverDocument(env, 2),
            List.of(
                new PublishedKey(env.serverKey(), null), new PublishedKey(expiredServer, past)));
    configService()
        .publish(
            env,
            SdkType.CLIENT,
            2,
            ConfigServiceStandIn.clientDocument(env, 2),
            List.of(
                new PublishedKey(env.clientKey(), null), new PublishedKey(expiredClient, past)));
    awaitServerVersion(env, 2);
    awaitClientVersion(env, 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> getConfig(revokedServer).statusCode() == 401);
  }

  HttpResponse<byte[]> call(Endpoint endpoint, String key) {
    String path =
        switch (endpoint.name()) {
          case "GET /sdk/v1/config/server/{key}.json" -> null;
          case "POST /v1/variables/{key}" -> "/v1/variables/new-checkout";
          default -> endpoint.name().substring(endpoint.name().indexOf(' ') + 1);
        };
    if (path == null) {
      return getConfig(key == null ? "" : key);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (key != null) {
      request.header("Authorization", key);
    }
    if (endpoint.name().startsWith("POST")) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"user-1\"}"));
    }
    return send(request);
  }

  @Test
  void everyEndpointRefusesMissingUnknownRevokedExpiredAndWrongTypeKeysAlike() {
    List<String> failures = new ArrayList<>();
    String firstBody = null;
    for (Endpoint endpoint : ENDPOINTS) {
      boolean server = endpoint.type() == SdkType.SERVER;
      List<String> keys = new ArrayList<>();
      keys.add(null);
      keys.add(server ? "server-does-not-exist" : "client-does-not-exist");
      keys.add(server ? revokedServer : revokedClient);
      keys.add(server ? expiredServer : expiredClient);
      keys.add(server ? env.clientKey() : env.serverKey());
      for (String key : keys) {
        HttpResponse<byte[]> response = call(endpoint, key);
        String body = ConfigServiceStandIn.utf8(response.body());
        if (response.statusCode() != 401
            || !response
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/problem+json")) {
          failures.add(
              endpoint.name() + " with " + key + ": " + response.statusCode() + " " + body);
          continue;
        }
        JsonNode problem = ConfigServiceStandIn.JSON.readTree(body);
        String comparable = problem.get("type").asString() + problem.get("detail").asString();
        if (firstBody == null) {
          firstBody = comparable;
        } else if (!firstBody.equals(comparable)) {
          failures.add(endpoint.name() + " with " + key + " answers differently: " + body);
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(firstBody).contains("https://switchboard.dev/problems/unauthorized");
  }

  @Test
  void anotherEnvironmentsKeyReadsOnlyItsOwnEnvironment() throws Exception {
    HttpResponse<byte[]> config = getConfig(other.serverKey());
    assertThat(json(config).get("project").get("key").asString()).isEqualTo(other.projectKey());

    HttpResponse<byte[]> client =
        post("/client/v1/evaluate", "{\"id\":\"u\"}", "Authorization", other.clientKey());
    assertThat(json(client).get("version").asLong()).isEqualTo(9);

    try (SseClient stream = new SseClient(uri("/sdk/v1/stream"), other.serverKey(), null)) {
      await().atMost(SseClient.WAIT).until(() -> !stream.versions().isEmpty());
      assertThat(stream.versions()).containsExactly(9L);
    }
    for (Endpoint endpoint : ENDPOINTS) {
      if (endpoint.name().contains("stream")) {
        continue;
      }
      String key = endpoint.type() == SdkType.SERVER ? other.serverKey() : other.clientKey();
      assertThat(call(endpoint, key).statusCode()).as(endpoint.name()).isEqualTo(200);
    }
    HttpResponse<InputStream> clientStream =
        http.send(
            HttpRequest.newBuilder(uri("/client/v1/stream"))
                .header("Authorization", other.clientKey())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = clientStream.body()) {
      assertThat(clientStream.statusCode()).isEqualTo(200);
      assertThat(clientStream.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
    }
  }
}
