package dev.switchboard.edge;

import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.Topics;
import dev.switchboard.edge.ConfigServiceStandIn.Env;
import dev.switchboard.objectstore.FileSystemObjectStore;
import dev.switchboard.testsupport.Infrastructure;
import dev.switchboard.testsupport.Kafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real edge on a random port against embedded Kafka and Redis and a filesystem object
 * store; {@link ConfigServiceStandIn} plays config-service. All ITs extending this share one
 * application context; each test uses its own environments.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = EdgeApplication.class,
    properties = {
      "switchboard.edge.heartbeat=400ms",
      "switchboard.edge.retry=1500ms",
      "switchboard.edge.probe-interval=500ms",
      "switchboard.edge.max-request-bytes=4096",
      "switchboard.edge.cors.allowed-origins=https://app.example.com",
      "switchboard.edge.cors.environments["
          + EdgeTestBase.CORS_PROJECT
          + "/production]="
          + "https://only.example.com",
      "logging.level.org.apache.kafka=WARN"
    })
abstract class EdgeTestBase {
  static final String CORS_PROJECT = "cors-shop";
  static final Path STORE_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "edge-store-" + UUID.randomUUID());
  private static ConfigServiceStandIn configService;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Kafka.createTopics(Topics.CONFIG_PUBLISHED);
    Infrastructure.registerKafka(registry);
    Infrastructure.registerRedis(registry);
    registry.add("switchboard.object-store.type", () -> "filesystem");
    registry.add("switchboard.object-store.directory", STORE_DIR::toString);
  }

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();

  static synchronized ConfigServiceStandIn configService() {
    if (configService == null) {
      configService =
          new ConfigServiceStandIn(new FileSystemObjectStore(STORE_DIR), Kafka.bootstrapServers());
    }
    return configService;
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> getConfig(String serverKey, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/sdk/v1/config/server/" + serverKey + ".json"));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.GET());
  }

  HttpResponse<byte[]> post(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static JsonNode json(HttpResponse<byte[]> response) {
    return ConfigServiceStandIn.JSON.readTree(response.body());
  }

  /** Publishes both documents at {@code version} and waits until the edge serves them. */
  Env publishAndAwait(Env env, long version) {
    configService().publishBoth(env, version);
    awaitServerVersion(env, version);
    awaitClientVersion(env, version);
    return env;
  }

  void awaitServerVersion(Env env, long version) {
    await("server document version " + version + " of " + env.projectKey())
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              HttpResponse<byte[]> response = getConfig(env.serverKey());
              return response.statusCode() == 200
                  && json(response).get("version").asLong() == version;
            });
  }

  void awaitClientVersion(Env env, long version) {
    await("client document version " + version + " of " + env.projectKey())
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              HttpResponse<byte[]> response =
                  post("/client/v1/evaluate", "{\"id\":\"u\"}", "Authorization", env.clientKey());
              return response.statusCode() == 200
                  && json(response).get("version").asLong() == version;
            });
  }
}
