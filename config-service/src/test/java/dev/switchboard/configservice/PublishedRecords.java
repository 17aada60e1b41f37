package dev.switchboard.configservice;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.testsupport.Kafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Everything announced on a published topic, read from its beginning as evaluation-edge reads it.
 * {@link #poll()} picks up what arrived since the last call.
 */
final class PublishedRecords implements AutoCloseable {
  /** One record; {@code published} is null for a tombstone. */
  record Announcement(String key, @Nullable ConfigPublished published, long offset) {}

  private final KafkaConsumer<String, String> consumer;
  private final List<Announcement> announcements = new ArrayList<>();

  PublishedRecords(String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos.isEmpty()) {
      throw new IllegalStateException(topic + " does not exist (config-service creates it)");
    }
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what arrived; returns every announcement so far, in offset order per record key. */
  synchronized List<Announcement> poll() {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
      ConfigPublished published =
          record.value() == null
              ? null
              : Management.JSON.readValue(record.value(), ConfigPublished.class);
      announcements.add(new Announcement(record.key(), published, record.offset()));
    }
    return List.copyOf(announcements);
  }

  /** The announcements of one environment and type, oldest first (tombstones included). */
  List<Announcement> of(String environmentId, SdkType type) {
    String key = ObjectKeys.publishedRecordKey(environmentId, type);
    return poll().stream().filter(a -> a.key().equals(key)).toList();
  }

  /** The newest announcement of an environment and type (empty after a tombstone). */
  Optional<ConfigPublished> latest(String environmentId, SdkType type) {
    List<Announcement> all = of(environmentId, type);
    return all.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(all.get(all.size() - 1).published());
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
