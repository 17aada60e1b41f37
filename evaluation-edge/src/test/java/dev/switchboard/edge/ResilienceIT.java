package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.Topics;
import dev.switchboard.edge.ConfigServiceStandIn.Env;
import dev.switchboard.objectstore.FileSystemObjectStore;
import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.Services;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

/**
 * Redis and the object store fail under a running edge, and a new edge starts while the store is
 * down. This test has its own redis-server (it stops it) and its own store directory, and runs its
 * edges with {@link Services}.
 */
class ResilienceIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path storeDir =
      Path.of(System.getProperty("java.io.tmpdir"), "edge-resilience-" + UUID.randomUUID());

  /** What the edges are configured with: a link to the store, so it can fail for them alone. */
  private final Path edgeStoreLink = storeDir.resolveSibling(storeDir.getFileName() + "-edge");

  private final List<ConfigurableApplicationContext> edges = new ArrayList<>();
  private final String redisPrefix = "resilience-" + UUID.randomUUID() + ":";
  private RedisServer redis;
  private int redisPort;

  @AfterEach
  void stopEverything() throws IOException {
    for (ConfigurableApplicationContext edge : edges) {
      edge.close();
    }
    if (redis != null && redis.isActive()) {
      redis.stop();
    }
  }

  @Test
  void keepsServingThroughRedisAndStoreOutagesAndANewEdgeStartsFromRedis() throws Exception {
    Kafka.createTopics(Topics.CONFIG_PUBLISHED);
    redisPort = freePort();
    startRedis();
    Files.createDirectories(storeDir);
    Files.createSymbolicLink(edgeStoreLink, storeDir);
    ConfigServiceStandIn configService =
        new ConfigServiceStandIn(new FileSystemObjectStore(storeDir), Kafka.bootstrapServers());
    ConfigurableApplicationContext first = startEdge();
    Env env = ConfigServiceStandIn.newEnvironment();

    configService.publishBoth(env, 1);
    awaitVersion(first, env, 1);

    // Redis down: new versions still come from the store
    redis.stop();
    configService.publishBoth(env, 2);
    awaitVersion(first, env, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness(first).equals("DEGRADED"));

    // and the store down too: what is held keeps being served, the new version waits
    storeDown();
    configService.publishBoth(env, 3);
    await("version 2 stays served")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> version(first, env) == 2);
    assertThat(readiness(first)).isEqualTo("DEGRADED");
    assertThat(evaluateStatus(first, env)).isEqualTo(200);

    // both return: the edge catches up by itself, and fills the (empty, restarted) Redis
    startRedis();
    storeUp();
    awaitVersion(first, env, 3);

    // a new edge while the store is down serves what Redis holds
    storeDown();
    ConfigurableApplicationContext second = startEdge();
    awaitVersion(second, env, 3);
    storeUp();
    configService.close();
  }

  @Test
  void shutdownEndsStreamsWithARandomRetryHint() throws Exception {
    Kafka.createTopics(Topics.CONFIG_PUBLISHED);
    redisPort = freePort();
    startRedis();
    Files.createDirectories(storeDir);
    Files.createSymbolicLink(edgeStoreLink, storeDir);
    ConfigServiceStandIn configService =
        new ConfigServiceStandIn(new FileSystemObjectStore(storeDir), Kafka.bootstrapServers());
    ConfigurableApplicationContext edge = startEdge();
    Env env = ConfigServiceStandIn.newEnvironment();
    configService.publishBoth(env, 1);
    awaitVersion(edge, env, 1);

    HttpResponse<java.io.InputStream> stream =
        http.send(
            HttpRequest.newBuilder(uri(edge, "/sdk/v1/stream"))
                .header("Authorization", env.serverKey())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).isEqualTo("retry: 1500");
    CompletableFuture<List<String>> rest =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> read = new ArrayList<>();
              try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  read.add(line);
                }
              } catch (IOException e) {
                read.add("failed: " + e);
              }
              return read;
            });

    edges.remove(edge);
    edge.close();

    List<String> received = rest.get(20, java.util.concurrent.TimeUnit.SECONDS);
    String hint =
        received.stream()
            .filter(line -> line.startsWith("retry: "))
            .reduce((a, b) -> b)
            .orElseThrow();
    long delay = Long.parseLong(hint.substring("retry: ".length()));
    assertThat(delay).isBetween(2000L, 6000L);
    assertThat(received).contains("event: config-updated", "id: 1");
    configService.close();
  }

  private ConfigurableApplicationContext startEdge() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("spring.data.redis.host", "127.0.0.1");
    properties.put("spring.data.redis.port", redisPort);
    properties.put("switchboard.object-store.type", "filesystem");
    properties.put("switchboard.object-store.directory", edgeStoreLink.toString());
    properties.put("switchboard.edge.probe-interval", "300ms");
    properties.put("switchboard.edge.load-retry-max", "500ms");
    properties.put("switchboard.edge.retry", "1500ms");
    properties.put("switchboard.edge.shutdown-retry-min", "2s");
    properties.put("switchboard.edge.shutdown-retry-max", "6s");
    // its own key space, so the shared embedded Redis of other tests is never read
    properties.put("switchboard.edge.redis-key-prefix", redisPrefix);
    ConfigurableApplicationContext edge =
        Services.start(EdgeApplication.class, Services.kafka(), properties);
    edges.add(edge);
    return edge;
  }

  private void startRedis() throws IOException {
    redis =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(redisPort)
            .setting("save \"\"")
            .setting("appendonly no")
            .soutListener(line -> {})
            .serrListener(line -> {})
            .build();
    redis.start();
  }

  /**
   * Like an unreachable bucket for the edges (config-service still writes): every read fails, as
   * the edges' store path is now a file, not a directory.
   */
  private void storeDown() throws IOException {
    Files.delete(edgeStoreLink);
    Files.writeString(edgeStoreLink, "the object store is down");
  }

  private void storeUp() throws IOException {
    Files.delete(edgeStoreLink);
    Files.createSymbolicLink(edgeStoreLink, storeDir);
  }

  private URI uri(ConfigurableApplicationContext edge, String path) {
    return URI.create("http://localhost:" + Services.port(edge) + path);
  }

  private HttpResponse<byte[]> get(ConfigurableApplicationContext edge, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(edge, path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private long version(ConfigurableApplicationContext edge, Env env) throws Exception {
    HttpResponse<byte[]> response = get(edge, "/sdk/v1/config/server/" + env.serverKey() + ".json");
    if (response.statusCode() != 200) {
      return -response.statusCode();
    }
    return ConfigServiceStandIn.JSON.readTree(response.body()).get("version").asLong();
  }

  private int evaluateStatus(ConfigurableApplicationContext edge, Env env) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(edge, "/v1/variables/dark-mode"))
                .header("Authorization", env.serverKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"u\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void awaitVersion(ConfigurableApplicationContext edge, Env env, long version) {
    await("version " + version)
        .atMost(Duration.ofSeconds(30))
        .until(() -> version(edge, env) == version);
  }

  private String readiness(ConfigurableApplicationContext edge) throws Exception {
    JsonNode health =
        ConfigServiceStandIn.JSON.readTree(get(edge, "/actuator/health/readiness").body());
    return health.get("status").asString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
