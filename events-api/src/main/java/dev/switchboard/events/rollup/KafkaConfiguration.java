package dev.switchboard.events.rollup;

import dev.switchboard.contracts.Topics;
import dev.switchboard.events.EventsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The events topic and what the consumer does when a poll fails. */
@Configuration
class KafkaConfiguration {

  /** Created on start if missing; an existing topic is left as it is. */
  @Bean
  NewTopic eventsTopic(EventsProperties properties) {
    return TopicBuilder.name(Topics.EVENTS)
        .partitions(properties.topicPartitions())
        // a batch at the size limit is well under this after lz4
        .config("max.message.bytes", Integer.toString(8 * 1024 * 1024))
        .build();
  }

  /**
   * Shutting down waits at most 5 s for the producer to flush (requests already answered 202 were
   * acknowledged; anything else was answered 503), not Spring Kafka's default 30 s.
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer boundedProducerClose() {
    return factory -> factory.setPhysicalCloseTimeout(5);
  }

  /**
   * A failed poll (Postgres down) is retried, backing off to 10 s, for as long as it takes:
   * skipping it would lose counts, and redelivery is harmless (processed_batch).
   */
  @Bean
  CommonErrorHandler rollupErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(10_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    return new DefaultErrorHandler(backOff);
  }
}
