package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.EmbeddedInfrastructure.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@EmbeddedInfrastructure(Server.KAFKA)
class KafkaIT {

  @Test
  void aProducedRecordIsConsumed() throws Exception {
    String topic = "flag-changes-" + UUID.randomUUID();
    Kafka.createTopics(topic);

    try (KafkaProducer<String, String> producer = producer(Map.of());
        KafkaConsumer<String, String> consumer = consumer(topic)) {
      producer.send(new ProducerRecord<>(topic, "new-checkout", "on")).get(10, TimeUnit.SECONDS);

      List<ConsumerRecord<String, String>> received = pollUntil(consumer, 1);
      assertThat(received)
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.key()).isEqualTo("new-checkout");
                assertThat(record.value()).isEqualTo("on");
              });
    }
  }

  @Test
  void creatingAnExistingTopicIsHarmless() {
    String topic = "audit-" + UUID.randomUUID();

    Kafka.createTopics(topic);
    Kafka.createTopics(topic);
  }

  static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
    Map<String, Object> config = new java.util.HashMap<>(overrides);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrapServers());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(String topic) {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** Polls until at least {@code count} records have arrived, and returns all of them. */
  static List<ConsumerRecord<String, String>> pollUntil(
      KafkaConsumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ZERO)
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(100)).forEach(received::add);
              return received.size() >= count;
            });
    return received;
  }
}
