package dev.switchboard.benchmarks.load;

import dev.switchboard.configservice.ConfigServiceApplication;
import dev.switchboard.configservice.publish.Publisher;
import dev.switchboard.configservice.publish.Trigger;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.contracts.Topics;
import dev.switchboard.management.ManagementApplication;
import dev.switchboard.objectstore.FileSystemObjectStore;
import dev.switchboard.objectstore.StoredObject;
import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
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
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load driver for config-service: the real management-api and config-service (filesystem store) on
 * embedded PostgreSQL and Kafka, one environment with 1,000 features.
 *
 * <p>Usage: {@code ConfigServiceLoad [changes] [rebuilds]}, defaults {@code 200 200}. Prints:
 *
 * <ul>
 *   <li>the document sizes (server and client, uncompressed and gzip);
 *   <li>snapshot + build + publish of the environment ({@code Publisher.refresh} of a rebuild,
 *       called directly: snapshot over HTTP, both documents built, gzipped and written), p50/p99;
 *   <li>single changes, one at a time: a kill-switch toggle through the REST API, then wait for its
 *       announcement; commit → objects written ({@code publishedAt - changedAt} of the
 *       announcement) and REST response → announcement received, p50/p99.
 * </ul>
 */
public final class ConfigServiceLoad {
  private static final String ADMIN = "load-admin-token";
  private static final String SERVICE = "load-service-token";
  private static final int FEATURES = 1_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ConfigServiceLoad() {}

  public static void main(String[] args) throws Exception {
    try {
      drive(args);
    } finally {
      System.exit(0); // the embedded broker's threads would keep the JVM alive
    }
  }

  private static void drive(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rebuilds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    PostgresDatabase database = Postgres.newDatabase();
    Path objects = Files.createTempDirectory("config-service-load");
    // both applications' application.yml are classpath:application.yml here and shadow each
    // other: everything either relies on is passed explicitly
    try (ConfigurableApplicationContext management =
            new SpringApplicationBuilder(ManagementApplication.class)
                .run(
                    "--server.port=0",
                    "--spring.application.name=management-api",
                    "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password(),
                    "--spring.jpa.open-in-view=false",
                    "--spring.kafka.bootstrap-servers=" + Kafka.bootstrapServers(),
                    "--switchboard.management.bootstrap-token=" + ADMIN,
                    "--switchboard.management.service-token=" + SERVICE,
                    "--switchboard.management.outbox.poll-interval=50ms",
                    "--spring.kafka.producer.properties.linger.ms=0",
                    "--logging.level.root=WARN");
        ConfigurableApplicationContext configService =
            new SpringApplicationBuilder(ConfigServiceApplication.class)
                .run(
                    "--server.port=0",
                    "--spring.application.name=config-service",
                    "--spring.autoconfigure.exclude="
                        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
                    "--spring.kafka.bootstrap-servers=" + Kafka.bootstrapServers(),
                    "--spring.kafka.consumer.group-id=config-service-load",
                    "--spring.kafka.producer.acks=all",
                    "--spring.kafka.producer.properties.linger.ms=0",
                    "--spring.kafka.listener.concurrency=3",
                    "--switchboard.config-service.management-url=http://localhost:"
                        + port(management),
                    "--switchboard.config-service.service-token=" + SERVICE,
                    "--switchboard.config-service.object-store.directory=" + objects,
                    "--switchboard.config-service.rebuild-on-schema-change=false",
                    "--logging.level.root=WARN")) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://localhost:" + port(management) + "/api/v1/projects";
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

        Publisher publisher = configService.getBean(Publisher.class);
        for (int i = 0; i < 50; i++) {
          publisher.refresh(environment, Trigger.rebuild()); // warm-up
        }
        long[] refresh = new long[rebuilds];
        for (int i = 0; i < rebuilds; i++) {
          long start = System.nanoTime();
          publisher.refresh(environment, Trigger.rebuild());
          refresh[i] = System.nanoTime() - start;
        }
        Arrays.sort(refresh);
        System.out.printf(
            Locale.ROOT,
            "snapshot + build + publish (1,000 features, %d runs): p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n",
            rebuilds,
            percentile(refresh, 0.50),
            percentile(refresh, 0.99),
            refresh[refresh.length - 1] / 1e6);
        MeterRegistry meters = configService.getBean(MeterRegistry.class);
        printStages(meters, "rebuilds");

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
        printStages(meters, "single changes");
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

  /** The service's own timers (a decaying window of about the last two minutes). */
  private static void printStages(MeterRegistry meters, String phase) {
    StringBuilder line = new StringBuilder("  stages during " + phase + " (p50/p99 ms):");
    for (Timer timer :
        new Timer[] {
          meters.get("switchboard.config.snapshot").timer(),
          meters.get("switchboard.config.build").tag("type", "server").timer(),
          meters.get("switchboard.config.build").tag("type", "client").timer(),
          meters.get("switchboard.config.refresh").timer()
        }) {
      double p50 = Double.NaN;
      double p99 = Double.NaN;
      for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
        if (value.percentile() == 0.5) {
          p50 = value.value(TimeUnit.MILLISECONDS);
        } else if (value.percentile() == 0.99) {
          p99 = value.value(TimeUnit.MILLISECONDS);
        }
      }
      String tag = timer.getId().getTag("type");
      line.append(
          String.format(
              Locale.ROOT,
              " %s%s %.1f/%.1f;",
              timer.getId().getName().substring("switchboard.config.".length()),
              tag == null ? "" : "[" + tag + "]",
              p50,
              p99));
    }
    System.out.println(line);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  private static String send(HttpClient http, String method, String uri, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + ADMIN)
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
