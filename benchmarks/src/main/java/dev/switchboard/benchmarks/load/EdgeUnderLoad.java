package dev.switchboard.benchmarks.load;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.contracts.Topics;
import dev.switchboard.edge.EdgeApplication;
import dev.switchboard.objectstore.FileSystemObjectStore;
import dev.switchboard.objectstore.StoredObject;
import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.Redis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real evaluation-edge in its own JVM ({@code -Xmx512m}), against Kafka and Redis embedded in
 * the driver's JVM and a filesystem object store; the driver plays config-service. The system
 * property {@code edge.classpath} gives the edge's runtime classpath (see docs/performance.md);
 * {@code edge.jvm-options}, space-separated, adds options to its JVM.
 */
final class EdgeUnderLoad implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  final int port;
  final String serverKey = "server-load-" + UUID.randomUUID().toString().replace("-", "");
  final String environmentId = UUID.randomUUID().toString();
  private final Path store;
  private final Process process;
  private final KafkaProducer<String, String> producer;
  private final HttpClient http = HttpClient.newHttpClient();
  private String etag = "";

  EdgeUnderLoad(String heap, String... extraArgs) throws Exception {
    Kafka.createTopics(Topics.CONFIG_PUBLISHED);
    store = Files.createTempDirectory("edge-load-store");
    port = freePort();
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    // for example -XX:StartFlightRecording=filename=edge.jfr,settings=profile to profile the edge
    for (String option : System.getProperty("edge.jvm-options", "").split(" ")) {
      if (!option.isBlank()) {
        command.add(option);
      }
    }
    command.add("-cp");
    // the edge's own runtime classpath: the driver's also holds management-api and its
    // application.yml, which would turn the edge into something else
    command.add(System.getProperty("edge.classpath", System.getProperty("java.class.path")));
    command.add(EdgeApplication.class.getName());
    command.add("--server.port=" + port);
    command.add("--spring.kafka.bootstrap-servers=" + Kafka.bootstrapServers());
    command.add("--spring.data.redis.host=" + Redis.host());
    command.add("--spring.data.redis.port=" + Redis.port());
    command.add("--switchboard.object-store.type=filesystem");
    command.add("--switchboard.object-store.directory=" + store);
    command.add("--logging.level.root=WARN");
    command.add("--logging.level.dev.switchboard=WARN");
    command.addAll(List.of(extraArgs));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(store.resolveSibling(store.getFileName() + ".log").toFile())
            .start();
    awaitReady();
  }

  long pid() {
    return process.pid();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the edge exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the edge did not become ready");
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  String etag() {
    return etag;
  }

  /**
   * Writes version {@code version} of docs/examples/new-checkout.json to the store and announces
   * it; returns {@link System#nanoTime()} just before the announcement is sent.
   */
  long publish(long version) throws Exception {
    ObjectNode document;
    try (InputStream in =
        EdgeUnderLoad.class.getResourceAsStream("/switchboard/new-checkout.json")) {
      document = (ObjectNode) JSON.readTree(in.readAllBytes());
    }
    document.put("version", version);
    byte[] bytes = JSON.writeValueAsBytes(document);
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(bytes);
    }
    String objectKey = ObjectKeys.config(SdkType.SERVER, serverKey);
    new FileSystemObjectStore(store)
        .put(objectKey, new StoredObject(gzip.toByteArray(), "application/json", "gzip"));
    etag = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    ConfigPublished published =
        new ConfigPublished(
            environmentId,
            "shop",
            "production",
            "server",
            version,
            etag,
            objectKey,
            bytes.length,
            List.of(new PublishedKey(serverKey, null)),
            Instant.now(),
            Instant.now());
    String value = JSON.writeValueAsString(published);
    long announcedAt = System.nanoTime();
    producer
        .send(
            new ProducerRecord<>(
                Topics.CONFIG_PUBLISHED,
                ObjectKeys.publishedRecordKey(environmentId, SdkType.SERVER),
                value))
        .get();
    return announcedAt;
  }

  /** Waits until the edge serves {@code version}. */
  void awaitVersion(long version) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri("/sdk/v1/config/server/" + serverKey + ".json")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200
          && JSON.readTree(response.body()).get("version").asLong() == version) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("version " + version + " was not served");
  }

  /** Heap in use after a full GC, from the edge's own metrics, in bytes. */
  long heapAfterGc() throws Exception {
    new ProcessBuilder("jcmd", String.valueOf(process.pid()), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/actuator/metrics/jvm.memory.used?tag=area:heap")).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).get("measurements").get(0).get("value").asLong();
  }

  /** The edge process's resident set size in bytes. */
  long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /** A value of the edge's Prometheus metrics, or -1. */
  double metric(String name) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/actuator/metrics/" + name)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return -1;
    }
    return JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble();
  }

  /** A statistic ({@code MAX}, {@code COUNT}, ...) of one of the edge's meters, or -1. */
  double metric(String name, String statistic) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/actuator/metrics/" + name)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return -1;
    }
    for (var measurement : JSON.readTree(response.body()).get("measurements")) {
      if (measurement.get("statistic").asString().equals(statistic)) {
        return measurement.get("value").asDouble();
      }
    }
    return -1;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    producer.close();
    process.destroy();
    process.waitFor();
  }
}
