package dev.switchboard.configservice.publish;

import dev.switchboard.contracts.ConfigChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code switchboard.config-changes} in batches and coalesces each batch per environment:
 * an environment that changed 100 times in a batch is refreshed once, at its newest version (the
 * snapshot is always the environment's current state). A change whose version is already published
 * costs no snapshot at all. The batch's offsets are committed when this method returns, that is
 * after every environment's objects are written and announced; if any refresh fails the method
 * throws and the container retries the whole batch with backoff (already published environments
 * then skip at once).
 */
@Component
class ChangeListener {
  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);

  private final Publisher publisher;
  private final JsonMapper json;
  private final Counter received;
  private final Counter unreadable;

  ChangeListener(Publisher publisher, JsonMapper json, MeterRegistry meters) {
    this.publisher = publisher;
    this.json = json;
    this.received =
        Counter.builder("switchboard.config.changes.received")
            .description("Change events consumed")
            .register(meters);
    this.unreadable =
        Counter.builder("switchboard.config.changes.unreadable")
            .description("Change events that are not a ConfigChange (logged and skipped)")
            .register(meters);
  }

  private static final class Pending {
    long version = -1;
    final List<Instant> changedAt = new ArrayList<>();
  }

  @KafkaListener(
      id = "config-changes",
      idIsGroup = false,
      // a new consumer group starts at the beginning: nothing before its first commit is missed
      properties = "auto.offset.reset=earliest",
      topics = "${switchboard.config-service.topics.changes:switchboard.config-changes}",
      batch = "true")
  void onChanges(List<ConsumerRecord<String, String>> records) {
    received.increment(records.size());
    Map<String, Pending> byEnvironment = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      ConfigChange change = read(record);
      if (change == null) {
        continue;
      }
      Pending pending = byEnvironment.computeIfAbsent(change.environmentId(), id -> new Pending());
      pending.version = Math.max(pending.version, change.configVersion());
      if (change.changedAt() != null) {
        pending.changedAt.add(change.changedAt());
      }
    }
    for (Map.Entry<String, Pending> environment : byEnvironment.entrySet()) {
      Pending pending = environment.getValue();
      pending.changedAt.sort(null);
      try {
        publisher.refresh(
            environment.getKey(), Trigger.changes(pending.version, pending.changedAt));
      } catch (PublishException e) {
        log.warn(
            "cannot publish environment {} (v{}); the batch is retried with backoff: {}",
            environment.getKey(),
            pending.version,
            e.getMessage());
        throw e;
      }
    }
  }

  /**
   * The change, or null for a record that can never be processed (logged as an error and counted;
   * retrying it could only block every later change of its partition).
   */
  private ConfigChange read(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      ConfigChange change = json.readValue(record.value(), ConfigChange.class);
      if (change.environmentId() == null || !isUuid(change.environmentId())) {
        throw new IllegalArgumentException("no valid environmentId");
      }
      return change;
    } catch (JacksonException | IllegalArgumentException e) {
      unreadable.increment();
      log.error(
          "unreadable change event at {}-{}@{} skipped: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return null;
    }
  }

  private static boolean isUuid(String value) {
    try {
      java.util.UUID.fromString(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
