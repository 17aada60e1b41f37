package dev.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.Topics;
import dev.switchboard.testsupport.Kafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Counts sent == counts in Postgres: a mixed load from concurrent senders, with retried batches
 * (some at the same time as the original), a consumer stopped and restarted in the middle, retries
 * that Redis no longer remembers, and a Kafka record delivered twice.
 */
class IngestRollupIT extends EventsApiTestBase {
  private static final List<String> VARIABLES = List.of("checkout", "banner", "limits");
  private static final List<String> VARIATIONS = List.of("on", "off");
  private static final List<String> REASONS = List.of("SPLIT", "TARGETING_MATCH", "DEFAULT");

  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired StringRedisTemplate redis;

  /** What the test sent, summed by the test: expected[variable|variation|reason]. */
  private final Map<String, Long> expected = new ConcurrentHashMap<>();

  private final Map<String, Long> expectedCustom = new ConcurrentHashMap<>();

  @Test
  void countsInPostgresEqualCountsSent() throws Exception {
    String project = unique("load");
    management.createProject(project, VARIABLES);
    String key = management.key(project, "production", "server");
    String environmentId = management.environmentId(project, "production");
    Instant now = minute();

    List<Map<String, Object>> batches = new ArrayList<>();
    Random random = new Random(42);
    for (int b = 0; b < 60; b++) {
      List<Map<String, Object>> evaluations = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String variable = VARIABLES.get(random.nextInt(VARIABLES.size()));
        String variation = VARIATIONS.get(random.nextInt(VARIATIONS.size()));
        String reason = REASONS.get(random.nextInt(REASONS.size()));
        long count = 1 + random.nextInt(1000);
        // spread over the last three minutes, so minute and day rollups both have work
        Instant from = now.minusSeconds(60L * random.nextInt(3) + random.nextInt(50));
        evaluations.add(evaluation(variable, variation, reason, count, from));
        expected.merge(variable + "|" + variation + "|" + reason, count, Long::sum);
      }
      evaluations.add(evaluation("no-such-flag", "on", "ERROR", 7, now));
      List<Map<String, Object>> custom = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long value = random.nextInt(100);
        custom.add(
            Map.of(
                "key",
                "purchase",
                "userId",
                "user-" + i,
                "value",
                (double) value,
                "metadata",
                Map.of("currency", "EUR"),
                "timestamp",
                now.toString()));
        expectedCustom.merge("count", 1L, Long::sum);
        expectedCustom.merge("sum", value, Long::sum);
      }
      batches.add(batch("batch-" + b, evaluations, custom));
    }

    MessageListenerContainer consumer = listeners.getListenerContainer("events-rollup");
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      // first half, with every 5th batch sent twice at the same time
      sendAll(senders, key, batches.subList(0, 30), 5);
      consumer.stop();
      // second half while nothing rolls up; every 3rd batch retried afterwards
      sendAll(senders, key, batches.subList(30, 60), 3);
      for (int b = 30; b < 60; b += 3) {
        Http.Response retry = sendServer(key, batches.get(b));
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body().get("duplicate").booleanValue()).isTrue();
      }
      consumer.start();
    } finally {
      senders.shutdown();
    }

    // Redis forgot (TTL, failover): the retry is published again, the consumer ignores it
    redis.delete(redis.keys("switchboard:events:batch:" + environmentId + ":*"));
    Http.Response forgotten = sendServer(key, batches.get(7));
    assertThat(forgotten.status()).isEqualTo(202);
    assertThat(forgotten.body().get("duplicate").booleanValue()).isFalse();

    // Kafka delivers a record twice (a producer retry, a consumer crash before its commit)
    redeliverLastRecordOf(environmentId);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(rolledUp(environmentId, "evaluation_day")).isEqualTo(expected));
    assertThat(rolledUp(environmentId, "evaluation_minute")).isEqualTo(expected);
    assertThat(processedBatches(environmentId)).isEqualTo(60);
    assertThat(
            jdbc.sql(
                    "select count::bigint from unknown_variable_day"
                        + " where environment_id = cast(:e as uuid) and variable = 'no-such-flag'")
                .param("e", environmentId)
                .query(Long.class)
                .single())
        .isEqualTo(60 * 7);
    Map<String, Object> custom =
        jdbc.sql(
                "select sum(count) as count, sum(sum) as sum from custom_event_minute"
                    + " where environment_id = cast(:e as uuid) and key = 'purchase'")
            .param("e", environmentId)
            .query()
            .singleRow();
    assertThat(((Number) custom.get("count")).longValue()).isEqualTo(expectedCustom.get("count"));
    assertThat(((Number) custom.get("sum")).doubleValue())
        .isEqualTo((double) expectedCustom.get("sum"));

    // the duplicates that reached the consumer are visible in the metrics
    Http.Response metrics = events.get("/actuator/prometheus", null);
    assertThat(metrics.raw())
        .contains(
            "switchboard_events_batches_deduplicated_total{application=\"events-api\",layer=\"consumer\"}")
        .contains(
            "switchboard_events_batches_deduplicated_total{application=\"events-api\",layer=\"ingest\"}")
        .contains("switchboard_events_consumer_lag")
        .contains("switchboard_events_accept_seconds");
  }

  private void sendAll(
      ExecutorService senders, String key, List<Map<String, Object>> batches, int twiceEvery)
      throws Exception {
    List<Future<Http.Response>> sent = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      Map<String, Object> batch = batches.get(i);
      sent.add(senders.submit(() -> sendServer(key, batch)));
      if (i % twiceEvery == 0) {
        sent.add(senders.submit(() -> sendServer(key, batch)));
      }
    }
    for (Future<Http.Response> response : sent) {
      assertThat(response.get().status()).as(response.get().raw()).isEqualTo(202);
    }
  }

  private Map<String, Long> rolledUp(String environmentId, String table) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    jdbc.sql(
            "select variable || '|' || variation || '|' || reason as k, sum(count)::bigint as n from "
                + table
                + " where environment_id = cast(:e as uuid) group by 1")
        .param("e", environmentId)
        .query((row, i) -> counts.put(row.getString("k"), row.getLong("n")))
        .list();
    return counts;
  }

  /** Reads the environment's newest record from the topic and produces it again, unchanged. */
  private static void redeliverLastRecordOf(String environmentId) {
    Properties consumerProperties = new Properties();
    consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
    consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "redeliver-" + environmentId);
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProperties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    ConsumerRecord<String, byte[]> last = null;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
      consumer.subscribe(List.of(Topics.EVENTS));
      long deadline = System.currentTimeMillis() + 20_000;
      int emptyPolls = 0;
      while (System.currentTimeMillis() < deadline && (last == null || emptyPolls < 2)) {
        var records = consumer.poll(Duration.ofMillis(500));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        for (ConsumerRecord<String, byte[]> record : records) {
          if (environmentId.equals(record.key())) {
            last = record;
          }
        }
      }
    }
    assertThat(last).as("a record of the environment").isNotNull();
    Properties producerProperties = new Properties();
    producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
    producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties)) {
      producer.send(new ProducerRecord<>(Topics.EVENTS, last.key(), last.value())).get();
    } catch (Exception e) {
      throw new AssertionError("could not produce the record again", e);
    }
  }
}
