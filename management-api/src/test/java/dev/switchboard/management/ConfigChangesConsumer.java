package dev.switchboard.management;

import dev.switchboard.contracts.Topics;
import dev.switchboard.testsupport.Kafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/** Reads everything on the change topic, as config-service would. */
final class ConfigChangesConsumer implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  ConfigChangesConsumer() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.CONFIG_CHANGES));
  }

  /** Polls once more and returns the changes seen so far for one project, in arrival order. */
  List<JsonNode> changesOf(String projectKey) {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
      seen.add(record);
    }
    List<JsonNode> changes = new ArrayList<>();
    for (ConsumerRecord<String, String> record : seen) {
      JsonNode change = ApiClient.JSON.readTree(record.value());
      if (projectKey.equals(change.get("projectKey").stringValue())) {
        if (!record.key().equals(change.get("environmentId").stringValue())) {
          throw new AssertionError("record key is not the environment id: " + record);
        }
        changes.add(change);
      }
    }
    return changes;
  }

  Map<TopicPartition, Long> endOffsets() {
    return consumer.endOffsets(consumer.assignment());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
