package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.EmbeddedInfrastructure.Server;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

@EmbeddedInfrastructure(Server.KAFKA)
class KafkaOutageIT {

  /** What an outbox relay would use: give up on a send quickly, then retry the row later. */
  private static final Map<String, Object> IMPATIENT_PRODUCER =
      Map.of(
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.LINGER_MS_CONFIG, 0,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1_000,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
          ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);

  @Test
  void aSendFailsDuringAnOutageAndSucceedsOnTheSameAddressAfterIt() throws Exception {
    String topic = "outbox-" + UUID.randomUUID();
    Kafka.createTopics(topic);
    String bootstrapServers = Kafka.bootstrapServers();

    try (KafkaProducer<String, String> producer = KafkaIT.producer(IMPATIENT_PRODUCER);
        KafkaConsumer<String, String> consumer = KafkaIT.consumer(topic)) {
      producer.send(new ProducerRecord<>(topic, "before")).get(10, TimeUnit.SECONDS);

      try (KafkaOutage outage = Kafka.startOutage()) {
        Future<RecordMetadata> duringOutage = producer.send(new ProducerRecord<>(topic, "during"));

        await().atMost(Duration.ofSeconds(10)).until(duringOutage::isDone);
        assertThatThrownBy(duringOutage::get)
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);

        outage.end();
      }

      assertThat(Kafka.bootstrapServers()).isEqualTo(bootstrapServers);
      // The same producer recovers by itself; like an outbox relay, retry until a send is acked
      // (the first may still fail while the client is in its metadata back-off).
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .untilAsserted(
              () -> producer.send(new ProducerRecord<>(topic, "after")).get(10, TimeUnit.SECONDS));

      List<ConsumerRecord<String, String>> received = KafkaIT.pollUntil(consumer, 2);
      // "before" survived the restart; "during" was never written. A retried "after" could in
      // principle be written twice (at-least-once), so only its presence is asserted.
      assertThat(received).extracting(ConsumerRecord::value).startsWith("before", "after");
      assertThat(received).extracting(ConsumerRecord::value).doesNotContain("during");
    }
  }

  @Test
  void onlyOneOutageAtATime() {
    KafkaOutage outage = Kafka.startOutage();
    try {
      assertThatThrownBy(Kafka::startOutage).isInstanceOf(IllegalStateException.class);
    } finally {
      outage.end();
    }
    // already ended: closing does not restart the broker again
    outage.close();
  }
}
