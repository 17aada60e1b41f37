package dev.switchboard.management;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: what a dashboard or curl would send, nothing more. */
final class ApiClient {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ApiClient(int port) {
    this.base = "http://localhost:" + port;
  }

  record Response(int status, Map<String, String> headers, JsonNode body, String raw) {
    String etag() {
      return headers.get("etag");
    }

    String problemType() {
      return body.path("type").asString("");
    }
  }

  Response get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  Response post(String path, String token, Object body) {
    return send("POST", path, token, body, Map.of());
  }

  Response put(String path, String token, Object body, Map<String, String> headers) {
    return send("PUT", path, token, body, headers);
  }

  Response patch(String path, String token, Object body, Map<String, String> headers) {
    return send("PATCH", path, token, body, headers);
  }

  Response delete(String path, String token) {
    return send("DELETE", path, token, null, Map.of());
  }

  /** Sends {@code body} as JSON (a String is sent as it is, to test malformed input). */
  Response send(
      String method, String path, String token, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      response
          .headers()
          .map()
          .forEach((name, values) -> responseHeaders.put(name.toLowerCase(), values.get(0)));
      String raw = response.body();
      boolean json = responseHeaders.getOrDefault("content-type", "").contains("json");
      JsonNode parsed =
          raw == null || raw.isBlank() || !json ? JSON.nullNode() : JSON.readTree(raw);
      return new Response(response.statusCode(), responseHeaders, parsed, raw);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
