package dev.switchboard.events;

import dev.switchboard.testsupport.Infrastructure;
import dev.switchboard.testsupport.PostgresDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs events-api on its port against embedded PostgreSQL, Kafka and Redis, with the real
 * management-api beside it in this JVM. All integration tests share this one context; each test
 * uses its own project (and so its own environments and keys).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "switchboard.events.service-token=" + ManagementApi.SERVICE,
      "switchboard.events.key-cache-ttl=2s",
      "switchboard.events.unknown-key-cache-ttl=1s",
      "switchboard.events.topic-partitions=3",
      "logging.level.org.apache.kafka=WARN",
      "logging.level.kafka=WARN",
      "logging.level.state.change.logger=WARN"
    })
abstract class EventsApiTestBase {
  static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    ManagementApi management = ManagementApi.get();
    database = Infrastructure.registerPostgres(registry);
    Infrastructure.registerKafka(registry);
    Infrastructure.registerRedis(registry);
    registry.add("server.port", () -> management.eventsPort);
    registry.add(
        "switchboard.events.management-api-url", () -> "http://localhost:" + management.port);
  }

  ManagementApi management;
  Http events;
  JdbcClient jdbc;

  @BeforeEach
  void clients() {
    management = ManagementApi.get();
    events = new Http(management.eventsPort);
    jdbc = JdbcClient.create(database.dataSource());
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Instant minute() {
    return Instant.now().truncatedTo(ChronoUnit.MINUTES);
  }

  /** One evaluation count as an SDK sends it, counted over 10 s from {@code from}. */
  static Map<String, Object> evaluation(
      String variable, String variation, String reason, long count, Instant from) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("variable", variable);
    entry.put("feature", variable);
    entry.put("variation", variation);
    entry.put("reason", reason);
    entry.put("count", count);
    entry.put("from", from.toString());
    entry.put("to", from.plusSeconds(10).toString());
    return entry;
  }

  static Map<String, Object> batch(String batchId, List<?> evaluations, List<?> custom) {
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("batchId", batchId);
    batch.put("sdk", Map.of("name", "switchboard-java", "version", "0.1.0"));
    batch.put("sentAt", Instant.now().toString());
    batch.put("evaluations", new ArrayList<>(evaluations));
    batch.put("custom", new ArrayList<>(custom));
    return batch;
  }

  Http.Response sendServer(String key, Object batch) {
    return events.post("/v1/events/batch", key, batch);
  }

  /** Total count in the day rollup for an environment and variable. */
  long dayCount(String environmentId, String variable) {
    return jdbc.sql(
            "select coalesce(sum(count), 0) from evaluation_day"
                + " where environment_id = cast(:e as uuid) and variable = :v")
        .param("e", environmentId)
        .param("v", variable)
        .query(Long.class)
        .single();
  }

  long processedBatches(String environmentId) {
    return jdbc.sql("select count(*) from processed_batch where environment_id = cast(:e as uuid)")
        .param("e", environmentId)
        .query(Long.class)
        .single();
  }
}
