package dev.switchboard.configservice;

import dev.switchboard.contracts.ConfigChange;
import dev.switchboard.contracts.Topics;
import dev.switchboard.testsupport.Kafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes change events straight to {@code switchboard.config-changes} (duplicates, out of order),
 * as a replaying or misbehaving producer would, and tells when a consumer group has consumed
 * everything.
 */
final class ChangeEvents {
  private ChangeEvents() {}

  static void send(List<ConfigChange> changes) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (ConfigChange change : changes) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.CONFIG_CHANGES,
                    change.environmentId(),
                    Management.JSON.writeValueAsString(change)))
            .get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code group} has committed offsets up to the end of every change partition. */
  static boolean consumedEverything(String group) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions = new ArrayList<>();
      admin
          .describeTopics(List.of(Topics.CONFIG_CHANGES))
          .allTopicNames()
          .get()
          .get(Topics.CONFIG_CHANGES)
          .partitions()
          .forEach(p -> partitions.add(new TopicPartition(Topics.CONFIG_CHANGES, p.partition())));
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get();
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition).offset();
        OffsetAndMetadata offset = committed.get(partition);
        if (end > 0 && (offset == null || offset.offset() < end)) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  static Duration patience() {
    return Duration.ofSeconds(30);
  }
}
