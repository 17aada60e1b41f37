package dev.switchboard.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo project, created through management-api's REST API like a user would: project {@code
 * demo} (with its three environments and their keys) and a feature {@code welcome-banner} turned on
 * in {@code development}. Created once; later starts find it and only read the keys.
 */
final class DemoData {
  static final String PROJECT = "demo";
  static final String ENVIRONMENT = "development";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI api;
  private final String token;

  DemoData(int managementPort, String token) {
    this.api = URI.create("http://localhost:" + managementPort + "/api/v1/");
    this.token = token;
  }

  /** The demo environment's keys, creating the project and feature if they do not exist. */
  DemoKeys ensure() throws IOException, InterruptedException {
    if (send("GET", "projects/" + PROJECT, null).statusCode() == 404) {
      expect(201, send("POST", "projects", "{\"key\":\"demo\",\"name\":\"Demo\"}"));
      expect(
          201,
          send(
              "POST",
              "projects/demo/features",
              """
              {"key": "welcome-banner", "name": "Welcome banner", "clientVisible": true,
               "variables": [{"key": "welcome-banner", "type": "boolean"}],
               "variations": [{"key": "off", "values": {"welcome-banner": false}},
                              {"key": "on", "values": {"welcome-banner": true}}]}
              """));
      expect(
          200,
          send(
              "PUT",
              "projects/demo/features/welcome-banner/targeting/development",
              """
              {"on": true, "offVariation": "off",
               "rules": [{"id": "everyone", "audience": {"type": "all"},
                          "serve": {"variation": "on"}}]}
              """));
    }
    HttpResponse<String> keys = send("GET", "projects/demo/environments/development/keys", null);
    expect(200, keys);
    String server = null;
    String client = null;
    for (JsonNode key : JSON.readTree(keys.body())) {
      if (!key.path("expiresAt").isNull() && !key.path("expiresAt").isMissingNode()) {
        continue; // a rotated key in its grace period
      }
      switch (key.get("type").stringValue()) {
        case "server" -> server = key.get("key").stringValue();
        case "client" -> client = key.get("key").stringValue();
        default -> {}
      }
    }
    if (server == null || client == null) {
      throw new IllegalStateException("the demo environment has no current keys: " + keys.body());
    }
    return new DemoKeys(server, client);
  }

  /** Has config-service rebuild and announce every environment ({@code POST /admin/v1/rebuild}). */
  static void rebuildAll(String configServiceUrl, String serviceToken, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(configServiceUrl + "/admin/v1/rebuild"))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + serviceToken)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 409) { // 409: config-service is already rebuilding (first start)
      expect(200, response);
    }
  }

  /** Waits until the edge serves the server config of {@code serverKey} (200). */
  static void awaitServed(String edgeUrl, String serverKey, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI config = URI.create(edgeUrl + "/sdk/v1/config/server/" + serverKey + ".json");
    long deadline = System.nanoTime() + timeout.toNanos();
    int status = -1;
    while (System.nanoTime() < deadline) {
      status =
          http.send(
                  HttpRequest.newBuilder(config).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status == 200) {
        return;
      }
      // Polled like a readiness probe: the announcement arrives in another process.
      java.util.concurrent.TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException(
        "the edge did not serve the demo config within "
            + timeout
            + " (last status "
            + status
            + ")");
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }
}
