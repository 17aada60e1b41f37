package dev.switchboard.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: what an SDK, a dashboard or curl would send. */
final class Http {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final String base;

  Http(int port) {
    this.base = "http://localhost:" + port;
  }

  record Response(int status, Map<String, String> headers, JsonNode body, String raw) {
    String problemType() {
      return body.path("type").asString("").replace("https://switchboard.dev/problems/", "");
    }
  }

  Response get(String path, String authorization) {
    return send("GET", path, authorization, null, Map.of());
  }

  Response post(String path, String authorization, Object body) {
    return send("POST", path, authorization, body, Map.of());
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Sends {@code body} as JSON: a String or byte[] as it is (to test malformed input), anything
   * else serialised. {@code authorization} is sent as the whole header value.
   */
  Response send(
      String method, String path, String authorization, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      byte[] bytes =
          body instanceof byte[] b
              ? b
              : body instanceof String s
                  ? s.getBytes(StandardCharsets.UTF_8)
                  : JSON.writeValueAsBytes(body);
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
