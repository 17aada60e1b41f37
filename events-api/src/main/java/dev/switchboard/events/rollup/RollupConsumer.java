package dev.switchboard.events.rollup;

import dev.switchboard.contracts.Topics;
import dev.switchboard.events.ingest.IngestedBatch;
import dev.switchboard.events.ingest.IngestedBatchCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Rolls {@code switchboard.events} up into Postgres, one transaction per poll. Offsets are
 * committed after that transaction, so a crash in between redelivers records, which {@code
 * processed_batch} then recognises: exactly-once counting on top of at-least-once delivery. A
 * database failure fails the poll; the error handler retries it until the database is back (nothing
 * is skipped).
 */
@Component
class RollupConsumer {
  static final String LISTENER_ID = "events-rollup";
  private static final Logger log = LoggerFactory.getLogger(RollupConsumer.class);

  private final Rollups rollups;
  private final Clock clock;
  private final Counter rolledUp;
  private final Counter deduplicated;
  private final Counter skipped;
  private final Timer delay;
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

  RollupConsumer(Rollups rollups, MeterRegistry registry, Clock clock) {
    this.rollups = rollups;
    this.clock = clock;
    this.rolledUp =
        Counter.builder("switchboard.events.batches.rolled.up")
            .description("batches added to the rollups")
            .register(registry);
    this.deduplicated =
        Counter.builder("switchboard.events.batches.deduplicated")
            .description("retried batches recognised and not counted again")
            .tag("layer", "consumer")
            .register(registry);
    this.skipped =
        Counter.builder("switchboard.events.consumer.skipped")
            .description("records that can never be rolled up (unreadable, unknown schema)")
            .register(registry);
    this.delay =
        Timer.builder("switchboard.events.consumer.delay")
            .description("from the 202 of a batch to its rollup commit")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("switchboard.events.consumer.lag", lag, RollupConsumer::sum)
        .description(
            "records on switchboard.events not yet rolled up, by this instance's consumers")
        .register(registry);
  }

  @KafkaListener(id = LISTENER_ID, topics = Topics.EVENTS, batch = "true")
  void onRecords(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
    List<IngestedBatch> batches = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      IngestedBatch batch = read(record);
      if (batch != null) {
        batches.add(batch);
      }
    }
    Rollups.Result result = rollups.add(batches);
    rolledUp.increment(result.added());
    deduplicated.increment(result.duplicates());
    long now = clock.millis();
    for (IngestedBatch batch : batches) {
      delay.record(Duration.ofMillis(Math.max(0, now - batch.receivedAt().toEpochMilli())));
    }
    for (TopicPartition partition : consumer.assignment()) {
      OptionalLong current = consumer.currentLag(partition);
      if (current.isPresent()) {
        lag.put(partition, current.getAsLong());
      }
    }
    lag.keySet().retainAll(consumer.assignment());
  }

  private @Nullable IngestedBatch read(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException("no value");
      }
      IngestedBatch batch = IngestedBatchCodec.read(record.value());
      if (batch.schemaVersion() == IngestedBatch.SCHEMA_VERSION) {
        return batch;
      }
      log.error(
          "skipping {}-{}@{}: schema version {} is unknown to this version",
          record.topic(),
          record.partition(),
          record.offset(),
          batch.schemaVersion());
    } catch (JacksonException | IllegalArgumentException | DateTimeException e) {
      log.error(
          "skipping {}-{}@{}: not a batch record: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
    skipped.increment();
    return null;
  }

  private static double sum(Map<TopicPartition, Long> lag) {
    long total = 0;
    for (long partition : lag.values()) {
      total += partition;
    }
    return total;
  }
}
