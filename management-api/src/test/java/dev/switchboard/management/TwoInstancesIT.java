package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.Kafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two management-api instances on one database and broker, both writing and both relaying: every
 * environment's changes still reach Kafka in version order, and both serve the same snapshot, the
 * one that wrote the version from the document it held, the other by building it.
 */
class TwoInstancesIT extends ManagementApiTestBase {
  @Autowired MeterRegistry meters;

  @Test
  void twoRelaysNeverPublishAnEnvironmentOutOfOrder() throws Exception {
    try (ConfigurableApplicationContext second =
        new SpringApplicationBuilder(ManagementApplication.class)
            .run( // command-line arguments: they win over application.yml
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + Kafka.bootstrapServers(),
                "--switchboard.management.bootstrap-token=" + ADMIN,
                "--switchboard.management.service-token=" + SERVICE,
                "--switchboard.management.outbox.poll-interval=5ms",
                "--logging.level.org.apache.kafka=WARN")) {
      ApiClient other =
          new ApiClient(((WebServerApplicationContext) second).getWebServer().getPort());
      String project = createProject(unique("two"));
      createFeature(project, "checkout", ADMIN);
      createFeature(project, "banner", ADMIN);

      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> writers = new ArrayList<>();
      for (ApiClient client : List.of(api, other)) {
        for (String feature : List.of("checkout", "banner")) {
          writers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 15; i++) {
                      for (String environment : List.of("staging", "production")) {
                        ApiClient.Response put =
                            client.put(
                                "/api/v1/projects/"
                                    + project
                                    + "/features/"
                                    + feature
                                    + "/targeting/"
                                    + environment,
                                ADMIN,
                                Map.of("on", i % 2 == 0),
                                Map.of());
                        assertThat(put.status()).as(put.raw()).isEqualTo(200);
                      }
                    }
                  }));
        }
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      pool.shutdown();

      int expected = 3 + 3 + 3 + 2 * 2 * 15 * 2; // project, two features, then the writes
      try (ConfigChangesConsumer consumer = new ConfigChangesConsumer()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> newestPerEnvironment(consumer.changesOf(project)) == expected);
        Map<String, Long> newest = new HashMap<>();
        for (JsonNode change : consumer.changesOf(project)) {
          String environment = change.get("environmentId").stringValue();
          long version = change.get("configVersion").longValue();
          long previous = newest.getOrDefault(environment, 0L);
          assertThat(version)
              .as("out of order in %s", environment)
              .isLessThanOrEqualTo(previous + 1);
          newest.put(environment, Math.max(previous, version));
        }
      }

      // each environment's last version was written by one instance: it holds that document, the
      // other builds it; both must answer the same bytes, and then both hold them
      MeterRegistry firstMeters = meters;
      MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
      double held = snapshots(firstMeters, "held") + snapshots(secondMeters, "held");
      double built = snapshots(firstMeters, "built") + snapshots(secondMeters, "built");
      for (int round = 1; round <= 2; round++) {
        for (String environment : List.of("staging", "production")) {
          String path =
              "/internal/v1/environments/" + environmentId(project, environment) + "/snapshot";
          ApiClient.Response fromFirst = api.get(path, SERVICE);
          ApiClient.Response fromSecond = other.get(path, SERVICE);
          assertThat(fromFirst.status()).isEqualTo(200);
          assertThat(fromSecond.raw()).isEqualTo(fromFirst.raw());
        }
      }
      assertThat(snapshots(firstMeters, "built") + snapshots(secondMeters, "built"))
          .isEqualTo(built + 2);
      assertThat(snapshots(firstMeters, "held") + snapshots(secondMeters, "held"))
          .isEqualTo(held + 2 + 4);
    }
  }

  private static double snapshots(MeterRegistry meters, String source) {
    return meters.get("switchboard.snapshot.documents").tag("source", source).counter().count();
  }

  /** The sum over environments of the newest version seen, counting only in-order arrivals. */
  private static long newestPerEnvironment(List<JsonNode> changes) {
    Map<String, Long> newest = new HashMap<>();
    for (JsonNode change : changes) {
      String environment = change.get("environmentId").stringValue();
      long version = change.get("configVersion").longValue();
      if (version == newest.getOrDefault(environment, 0L) + 1) {
        newest.put(environment, version);
      }
    }
    return newest.values().stream().mapToLong(Long::longValue).sum();
  }
}
