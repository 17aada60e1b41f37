package dev.switchboard.configservice.snapshot;

import dev.switchboard.configservice.ConfigServiceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * management-api's internal endpoints, called with the service token: an environment's snapshot and
 * the list of all environments.
 */
@Component
public class ManagementApi {
  private final HttpClient http;
  private final JsonMapper json;
  private final URI base;
  private final String token;
  private final Duration timeout;

  ManagementApi(ConfigServiceProperties properties, JsonMapper json) {
    this.json = json;
    String url = properties.managementUrl().toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.token = properties.serviceToken();
    this.timeout = properties.requestTimeout();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /**
   * The environment's snapshot, or empty when management-api does not know the environment
   * (deleted).
   *
   * @throws ManagementApiException when management-api is unreachable or fails
   */
  public Optional<Snapshot> snapshot(String environmentId) {
    UUID id = UUID.fromString(environmentId); // never put anything else into the path
    HttpResponse<byte[]> response = get("internal/v1/environments/" + id + "/snapshot");
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    checkOk(response, "snapshot of " + environmentId);
    try {
      return Optional.of(readSnapshot(json, response.body(), environmentId));
    } catch (JacksonException e) {
      throw new ManagementApiException(
          "snapshot of "
              + environmentId
              + ": unreadable answer from management-api: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * Reads the snapshot envelope with the streaming parser and keeps the document as the bytes it
   * was sent as, where they are in the answer: the document (a thousand features make a megabyte)
   * is read once, by the engine that validates it, not as a tree here first, and not copied
   * (docs/decisions/0012).
   */
  static Snapshot readSnapshot(JsonMapper json, byte[] body, String environmentId) {
    String id = environmentId;
    long configVersion = 0;
    List<Snapshot.Key> keys = new ArrayList<>();
    ByteBuffer document = null;
    try (JsonParser parser = json.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ManagementApiException("snapshot of " + environmentId + " is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "environmentId" -> id = parser.getValueAsString(environmentId);
          case "configVersion" -> configVersion = parser.getValueAsLong();
          case "keys" -> {
            for (JsonNode key : parser.<JsonNode>readValueAsTree()) {
              keys.add(key(key));
            }
          }
          case "document" -> {
            if (value == JsonToken.START_OBJECT) {
              int start = (int) parser.currentTokenLocation().getByteOffset();
              parser.skipChildren();
              int end = (int) parser.currentLocation().getByteOffset();
              document = ByteBuffer.wrap(body, start, end - start).slice();
            } else {
              parser.skipChildren();
            }
          }
          default -> parser.skipChildren();
        }
      }
    }
    if (document == null) {
      throw new ManagementApiException("snapshot of " + environmentId + " holds no document");
    }
    return new Snapshot(id, configVersion, List.copyOf(keys), document);
  }

  private static Snapshot.Key key(JsonNode key) {
    JsonNode expiresAt = key.path("expiresAt");
    return new Snapshot.Key(
        key.path("type").asString(),
        key.path("key").asString(),
        expiresAt.isNull() || expiresAt.isMissingNode()
            ? null
            : Instant.parse(expiresAt.asString()));
  }

  /**
   * The ids of all environments.
   *
   * @throws ManagementApiException when management-api is unreachable or fails
   */
  public List<String> environmentIds() {
    JsonNode body = body(get("internal/v1/environments"), "environment list");
    List<String> ids = new ArrayList<>();
    for (JsonNode environment : body.path("environments")) {
      ids.add(environment.path("environmentId").asString());
    }
    return ids;
  }

  private HttpResponse<byte[]> get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ManagementApiException("management-api unreachable at " + base + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ManagementApiException("interrupted while calling management-api", e);
    }
  }

  private static void checkOk(HttpResponse<byte[]> response, String what) {
    if (response.statusCode() != 200) {
      throw new ManagementApiException(
          what
              + ": management-api answered HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  private JsonNode body(HttpResponse<byte[]> response, String what) {
    checkOk(response, what);
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new ManagementApiException(what + ": unreadable answer from management-api", e);
    }
  }
}
