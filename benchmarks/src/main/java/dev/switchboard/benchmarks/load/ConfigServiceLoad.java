package dev.switchboard.benchmarks.load;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.contracts.Topics;
import dev.switchboard.objectstore.FileSystemObjectStore;
import dev.switchboard.objectstore.StoredObject;
import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.PostgresDatabase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load driver for config-service: the real management-api and config-service, each from its
 * runnable jar in a JVM of its own as deployed ({@link ServiceJvm}, filesystem object store), on
 * embedded PostgreSQL and the Kafka broker in this JVM; one environment with 1,000 features.
 *
 * <p>Usage: {@code ConfigServiceLoad <management-api exec jar> <config-service exec jar> [changes]
 * [rebuilds]}, defaults {@code 200 200}. Prints:
 *
 * <ul>
 *   <li>the document sizes (server and client, uncompressed and gzip);
 *   <li>config-service's admin rebuild of the project's three environments, p50/p99, and
 *       config-service's own stage timers during it: snapshot over HTTP, each document built and
 *       validated, and the whole refresh of one environment (snapshot + build + publish);
 *   <li>single changes, one at a time: a kill-switch toggle through the REST API, then wait for its
 *       announcement; commit → objects written ({@code publishedAt - changedAt} of the
 *       announcement) and REST response → announcement received, p50/p99, and the stage timers.
 * </ul>
 */
public final class ConfigServiceLoad {
  private static final String ADMIN = "load-admin-token";
  private static final String SERVICE = "load-service-token";
  private static final int FEATURES = 1_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ConfigServiceLoad() {}

  public static void main(String[] args) {
    DriverExit.after(
        () -> {
          drive(args);
          return true;
        });
  }

  private static void drive(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: ConfigServiceLoad <management-api exec jar> <config-service exec jar>"
              + " [changes] [rebuilds]");
      return;
    }
    Path managementJar = Path.of(args[0]);
    Path configServiceJar = Path.of(args[1]);
    int changes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int rebuilds = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    PostgresDatabase database = Postgres.newDatabase();
    Path objects = Files.createTempDirectory("config-service-load");
    try (ServiceJvm management =
            ServiceJvm.start(
                "management-api",
                managementJar,
                "512m",
                Map.of(
                    "SWITCHBOARD_DB_URL", database.jdbcUrl(),
                    "SWITCHBOARD_DB_USER", database.username(),
                    "SWITCHBOARD_DB_PASSWORD", database.password(),
                    "SWITCHBOARD_KAFKA", Kafka.bootstrapServers(),
                    "SWITCHBOARD_BOOTSTRAP_TOKEN", ADMIN,
                    "SWITCHBOARD_SERVICE_TOKEN", SERVICE),
                List.of(
                    "--switchboard.management.outbox.poll-interval=50ms",
                    "--spring.kafka.producer.properties.linger.ms=0"));
        ServiceJvm configService =
            ServiceJvm.start(
                "config-service",
                configServiceJar,
                "512m",
                Map.of(
                    "SWITCHBOARD_KAFKA",
                    Kafka.bootstrapServers(),
                    "SWITCHBOARD_CONFIG_GROUP",
                    "config-service-load",
                    "SWITCHBOARD_MANAGEMENT_URL",
                    management.address(),
                    "SWITCHBOARD_SERVICE_TOKEN",
                    SERVICE,
                    "SWITCHBOARD_OBJECT_STORE_DIR",
                    objects.toString(),
                    "SWITCHBOARD_REBUILD_ON_SCHEMA_CHANGE",
                    "false"),
                List.of("--spring.kafka.producer.properties.linger.ms=0"))) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = management.address() + "/api/v1/projects";
      send(http, "POST", base, "{\"key\": \"load\", \"name\": \"Load\"}");
      long setupStart = System.nanoTime();
      for (int f = 0; f < FEATURES; f++) {
        send(http, "POST", base + "/load/features", feature(f));
        send(http, "PUT", base + "/load/features/f" + f + "/targeting/production", targeting(f));
      }
      System.out.printf(
          Locale.ROOT,
          "setup: %d features with targeting in %.0f s%n",
          FEATURES,
          (System.nanoTime() - setupStart) / 1e9);
      String environment =
          JSON.readTree(send(http, "GET", base + "/load/environments/production", null))
              .get("id")
              .stringValue();

      try (KafkaConsumer<String, String> announcements = announcements()) {
        ConfigPublished server = awaitVersion(announcements, environment, -1, 1);
        // what the sizes refer to: the environment as built after setup
        long last = waitForQuiet(announcements, environment, server.version());
        printSizes(objects, http, base, last);

        // config-service's admin rebuild: every environment of the project (development, staging
        // and production, 1,000 features each), one refresh after another
        String rebuild = configService.address() + "/admin/v1/rebuild";
        for (int i = 0; i < 20; i++) {
          send(http, "POST", rebuild, null, SERVICE); // warm-up
        }
        long[] refresh = new long[rebuilds];
        for (int i = 0; i < rebuilds; i++) {
          long start = System.nanoTime();
          send(http, "POST", rebuild, null, SERVICE);
          refresh[i] = System.nanoTime() - start;
        }
        Arrays.sort(refresh);
        System.out.printf(
            Locale.ROOT,
            "admin rebuild of 3 environments x 1,000 features (%d runs): p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms%n",
            rebuilds,
            percentile(refresh, 0.50),
            percentile(refresh, 0.99),
            refresh[refresh.length - 1] / 1e6);
        printStages(configService, "rebuilds (one environment each)");

        int warmUp = Math.min(50, changes);
        List<Long> lags = new ArrayList<>();
        List<Long> roundTrips = new ArrayList<>();
        for (int i = 0; i < warmUp + changes; i++) {
          String toggle =
              base
                  + "/load/features/f"
                  + (i % FEATURES)
                  + "/targeting/production/"
                  + (i % 2 == 0 ? "off" : "on");
          send(http, "POST", toggle, null);
          long responded = System.nanoTime();
          ConfigPublished published = awaitVersion(announcements, environment, last, 1);
          long received = System.nanoTime();
          last = published.version();
          if (i >= warmUp) {
            lags.add(Duration.between(published.changedAt(), published.publishedAt()).toNanos());
            roundTrips.add(received - responded);
          }
        }
        long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] roundTrip = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
            Locale.ROOT,
            "single change, commit -> objects written (%d changes): p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n",
            lag.length,
            percentile(lag, 0.50),
            percentile(lag, 0.99),
            lag[lag.length - 1] / 1e6);
        System.out.printf(
            Locale.ROOT,
            "single change, REST response -> announcement received: p50 %.1f ms, p99 %.1f ms%n",
            percentile(roundTrip, 0.50),
            percentile(roundTrip, 0.99));
        printStages(configService, "single changes");
      }
    }
  }

  private static String feature(int f) {
    return ("{\"key\": \"f%d\", \"name\": \"Feature %d\", \"clientVisible\": %b,"
            + " \"variables\": [{\"key\": \"f%d\", \"type\": \"string\"}],"
            + " \"variations\": [{\"key\": \"control\", \"values\": {\"f%d\": \"control\"}},"
            + " {\"key\": \"treatment\", \"values\": {\"f%d\": \"treatment\"}}]}")
        .formatted(f, f, f % 2 == 0, f, f, f);
  }

  private static String targeting(int f) {
    return ("{\"on\": true, \"offVariation\": \"control\", \"rules\": ["
            + "{\"id\": \"staff\", \"audience\": {\"type\": \"attribute\", \"attribute\": \"email\","
            + " \"operator\": \"endsWith\", \"values\": [\"@example.com\"]},"
            + " \"serve\": {\"variation\": \"treatment\"}},"
            + "{\"id\": \"rollout-%d\", \"audience\": {\"type\": \"all\"},"
            + " \"serve\": {\"distribution\": [{\"variation\": \"control\", \"weight\": 50000},"
            + " {\"variation\": \"treatment\", \"weight\": 50000}]},"
            + " \"rollout\": {\"type\": \"percentage\", \"percentage\": 0.25}}]}")
        .formatted(f);
  }

  private static KafkaConsumer<String, String> announcements() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(Topics.CONFIG_PUBLISHED, Duration.ofSeconds(30))
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** The next server announcement of the environment with a version above {@code after}. */
  private static ConfigPublished awaitVersion(
      KafkaConsumer<String, String> consumer, String environment, long after, int minutes) {
    String key = ObjectKeys.publishedRecordKey(environment, SdkType.SERVER);
    long deadline = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
        if (key.equals(record.key()) && record.value() != null) {
          ConfigPublished published = JSON.readValue(record.value(), ConfigPublished.class);
          if (published.version() > after) {
            return published;
          }
        }
      }
    }
    throw new IllegalStateException(
        "no announcement after v" + after + " within " + minutes + " min");
  }

  /** Reads announcements until none arrives for 3 s; returns the newest server version. */
  private static long waitForQuiet(
      KafkaConsumer<String, String> consumer, String environment, long version) {
    String key = ObjectKeys.publishedRecordKey(environment, SdkType.SERVER);
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
        if (key.equals(record.key()) && record.value() != null) {
          version =
              Math.max(version, JSON.readValue(record.value(), ConfigPublished.class).version());
          quietSince = System.nanoTime();
        }
      }
    }
    return version;
  }

  /** The sizes of production's objects (the current server and client key's). */
  private static void printSizes(Path objects, HttpClient http, String base, long version)
      throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(objects);
    for (tools.jackson.databind.JsonNode key :
        JSON.readTree(send(http, "GET", base + "/load/environments/production/keys", null))) {
      if (!key.get("expiresAt").isNull()) {
        continue;
      }
      SdkType type = SdkType.fromWireName(key.get("type").stringValue());
      StoredObject object =
          store.get(ObjectKeys.config(type, key.get("key").stringValue())).orElseThrow();
      byte[] plain;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(object.body()))) {
        plain = in.readAllBytes();
      }
      System.out.printf(
          Locale.ROOT,
          "production %s document v%d: %,d bytes, %,d bytes gzip%n",
          type.wireName(),
          version,
          plain.length,
          object.body().length);
    }
  }

  /**
   * The service's own timers, from its Prometheus endpoint (client-side percentiles over a decaying
   * window of about the last two minutes). "refresh" is snapshot + build + publish of one
   * environment.
   */
  private static void printStages(ServiceJvm service, String phase) throws Exception {
    String metrics = service.get("/actuator/prometheus");
    StringBuilder line = new StringBuilder("  stages during " + phase + " (p50/p99 ms):");
    for (String[] stage :
        new String[][] {
          {"snapshot", "switchboard_config_snapshot_seconds", null},
          {"build[server]", "switchboard_config_build_seconds", "type=\"server\""},
          {"build[client]", "switchboard_config_build_seconds", "type=\"client\""},
          {"refresh", "switchboard_config_refresh_seconds", null}
        }) {
      line.append(
          String.format(
              Locale.ROOT,
              " %s %.1f/%.1f;",
              stage[0],
              quantile(metrics, stage[1], stage[2], "0.5"),
              quantile(metrics, stage[1], stage[2], "0.99")));
    }
    System.out.println(line);
  }

  /** One quantile of a timer in Prometheus' text format, in milliseconds (NaN if absent). */
  private static double quantile(String metrics, String name, String tag, String quantile) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{")
          && line.contains("quantile=\"" + quantile + "\"")
          && (tag == null || line.contains(tag))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
      }
    }
    return Double.NaN;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static String send(HttpClient http, String method, String uri, String body)
      throws Exception {
    return send(http, method, uri, body, ADMIN);
  }

  private static String send(HttpClient http, String method, String uri, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + uri + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }
}
