package dev.switchboard.configservice.snapshot;

import dev.switchboard.configservice.ConfigServiceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
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
    JsonNode body = body(response, "snapshot of " + environmentId);
    List<Snapshot.Key> keys = new ArrayList<>();
    for (JsonNode key : body.path("keys")) {
      JsonNode expiresAt = key.path("expiresAt");
      keys.add(
          new Snapshot.Key(
              key.path("type").asString(),
              key.path("key").asString(),
              expiresAt.isNull() || expiresAt.isMissingNode()
                  ? null
                  : java.time.Instant.parse(expiresAt.asString())));
    }
    JsonNode document = body.path("document");
    if (!document.isObject()) {
      throw new ManagementApiException("snapshot of " + environmentId + " holds no document");
    }
    return Optional.of(
        new Snapshot(
            body.path("environmentId").asString(environmentId),
            body.path("configVersion").asLong(),
            List.copyOf(keys),
            document));
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

  private JsonNode body(HttpResponse<byte[]> response, String what) {
    if (response.statusCode() != 200) {
      throw new ManagementApiException(
          what
              + ": management-api answered HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException e) {
      throw new ManagementApiException(what + ": unreadable answer from management-api", e);
    }
  }
}
