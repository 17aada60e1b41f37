package dev.switchboard.configservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives management-api through its REST API, as the dashboard does. */
final class Management {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Management(String base) {
    this.base = base;
  }

  record Response(int status, JsonNode body, String raw) {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A project with development, staging and production; returns its key. */
  String createProject(String key) {
    expect(201, send("POST", "/api/v1/projects", Map.of("key", key, "name", "Project " + key)));
    return key;
  }

  /** A string feature {@code key} (variable {@code key}, variations a = "A", b = "B"). */
  void createFeature(String project, String key, boolean clientVisible) {
    expect(
        201,
        send(
            "POST",
            "/api/v1/projects/" + project + "/features",
            Map.of(
                "key",
                key,
                "name",
                "Feature " + key,
                "clientVisible",
                clientVisible,
                "variables",
                List.of(Map.of("key", key, "type", "string")),
                "variations",
                List.of(
                    Map.of("key", "a", "values", Map.of(key, "A")),
                    Map.of("key", "b", "values", Map.of(key, "B"))))));
  }

  /** Targeting: on, off variation a, one rule serving b to emails ending in @example.com. */
  void targetStaff(String project, String feature, String environment) {
    expect(
        200,
        send(
            "PUT",
            "/api/v1/projects/" + project + "/features/" + feature + "/targeting/" + environment,
            Map.of(
                "on",
                true,
                "offVariation",
                "a",
                "rules",
                List.of(
                    Map.of(
                        "id", "staff",
                        "audience",
                            Map.of(
                                "type", "attribute",
                                "attribute", "email",
                                "operator", "endsWith",
                                "values", List.of("@example.com")),
                        "serve", Map.of("variation", "b"))))));
  }

  /** The kill switch; each call is one change (one new config version). */
  void toggle(String project, String feature, String environment, boolean on) {
    expect(
        200,
        send(
            "POST",
            "/api/v1/projects/"
                + project
                + "/features/"
                + feature
                + "/targeting/"
                + environment
                + (on ? "/on" : "/off"),
            null));
  }

  /** The valid key of a type ({@code server} or {@code client}) that is current. */
  String currentKey(String project, String environment, String type) {
    Response keys =
        expect(
            200,
            send(
                "GET",
                "/api/v1/projects/" + project + "/environments/" + environment + "/keys",
                null));
    for (JsonNode key : keys.body()) {
      if (key.get("type").stringValue().equals(type) && key.get("expiresAt").isNull()) {
        return key.get("key").stringValue();
      }
    }
    throw new AssertionError("no current " + type + " key: " + keys.raw());
  }

  /** Rotates a key; the old one works for {@code gracePeriod} (ISO-8601). Returns the new key. */
  String rotate(String project, String environment, String type, String gracePeriod) {
    return expect(
            200,
            send(
                "POST",
                "/api/v1/projects/"
                    + project
                    + "/environments/"
                    + environment
                    + "/keys/"
                    + type
                    + "/rotate?gracePeriod="
                    + gracePeriod,
                null))
        .body()
        .get("key")
        .stringValue();
  }

  void deleteEnvironment(String project, String environment) {
    expect(
        204, send("DELETE", "/api/v1/projects/" + project + "/environments/" + environment, null));
  }

  /** The environment's id and current config version. */
  Environment environment(String project, String environment) {
    JsonNode body =
        expect(
                200,
                send("GET", "/api/v1/projects/" + project + "/environments/" + environment, null))
            .body();
    return new Environment(body.get("id").stringValue(), body.get("configVersion").longValue());
  }

  record Environment(String id, long configVersion) {}

  private static Response expect(int status, Response response) {
    if (response.status() != status) {
      throw new AssertionError("expected HTTP " + status + ", got: " + response.raw());
    }
    return response;
  }

  private Response send(String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + Platform.ADMIN);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String raw = response.body();
      JsonNode parsed = raw == null || raw.isBlank() ? JSON.nullNode() : JSON.readTree(raw);
      return new Response(response.statusCode(), parsed, raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
