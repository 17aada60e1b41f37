package dev.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devstack.DevStack;
import dev.switchboard.sdk.SwitchboardClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a scenario does to the platform: REST calls as a dashboard user, SDK clients as a service.
 */
final class Platform {
  private static final AtomicInteger PROJECTS = new AtomicInteger();
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final DevStack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  Platform(DevStack stack) {
    this.stack = stack;
  }

  /** A new project (unique key); returns its key. */
  String newProject(String prefix) {
    String key = prefix + "-" + System.nanoTime() % 100_000 + "-" + PROJECTS.incrementAndGet();
    call("POST", "/projects", "{\"key\":\"" + key + "\",\"name\":\"" + key + "\"}", 201);
    return key;
  }

  /**
   * Creates a boolean feature {@code feature} (variations {@code off} and {@code on},
   * client-visible) with a variable of the same key; returns the key.
   */
  String createBooleanFeature(String project, String feature) {
    call(
        "POST",
        "/projects/" + project + "/features",
        """
        {"key": "%s", "name": "%s", "clientVisible": true,
         "variables": [{"key": "%s", "type": "boolean"}],
         "variations": [{"key": "off", "values": {"%s": false}},
                        {"key": "on", "values": {"%s": true}}]}
        """
            .formatted(feature, feature, feature, feature, feature),
        201);
    return feature;
  }

  /** Replaces a feature's targeting in one environment. */
  void target(String project, String feature, String environment, String body) {
    call(
        "PUT",
        "/projects/" + project + "/features/" + feature + "/targeting/" + environment,
        body,
        200);
  }

  /** The one-call kill switch: turns a feature's targeting in one environment on or off. */
  void toggle(String project, String feature, String environment, boolean on) {
    call(
        "POST",
        "/projects/%s/features/%s/targeting/%s/%s"
            .formatted(project, feature, environment, on ? "on" : "off"),
        null,
        200);
  }

  /** The environment's current configVersion, as management-api reports it. */
  long configVersion(String project, String environment) {
    return call("GET", "/projects/" + project + "/environments/" + environment, null, 200)
        .get("configVersion")
        .longValue();
  }

  /** The current key of {@code type} (server or client) of an environment. */
  String key(String project, String environment, String type) {
    for (JsonNode key :
        call("GET", "/projects/" + project + "/environments/" + environment + "/keys", null, 200)) {
      if (key.get("type").stringValue().equals(type) && key.path("expiresAt").isNull()) {
        return key.get("key").stringValue();
      }
    }
    throw new AssertionError("no current " + type + " key for " + project + "/" + environment);
  }

  /** A management-api call that must answer {@code expectedStatus}; returns its JSON body. */
  JsonNode call(String method, String path, String body, int expectedStatus) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(stack.managementUrl() + "/api/v1" + path))
                .header("Authorization", "Bearer " + stack.adminToken())
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expectedStatus);
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  /** An evaluation-edge call with an SDK key in {@code Authorization}. */
  HttpResponse<String> edge(String method, String path, String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.edgeUrl() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", key);
    }
    return send(request);
  }

  /** A plain GET of {@code url} (an actuator endpoint) that must answer 200; returns the body. */
  String get(String url) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)));
    assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  /** Waits until the edge serves the config of {@code serverKey} (published after creation). */
  void awaitServed(String serverKey) {
    org.awaitility.Awaitility.await("the edge serves " + serverKey)
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                edge("GET", "/sdk/v1/config/server/" + serverKey + ".json", null, null).statusCode()
                    == 200);
  }

  /** A started SDK client for {@code serverKey}, initialized. */
  SwitchboardClient sdk(String serverKey) {
    awaitServed(serverKey);
    SwitchboardClient client =
        SwitchboardClient.builder(serverKey)
            .baseUri(URI.create(stack.edgeUrl()))
            .eventsUri(URI.create(stack.eventsUrl()))
            .build();
    assertThat(client.awaitInitialization(Duration.ofSeconds(30))).as("SDK initialized").isTrue();
    return client;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
