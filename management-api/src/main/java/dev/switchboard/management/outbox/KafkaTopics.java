package dev.switchboard.management.outbox;

import dev.switchboard.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates the change topic when it is missing (production clusters may provision it instead). */
@Configuration
class KafkaTopics {
  @Bean
  NewTopic configChangesTopic(
      @Value("${switchboard.management.topics.partitions:3}") int partitions,
      @Value("${switchboard.management.topics.replicas:1}") short replicas) {
    return TopicBuilder.name(Topics.CONFIG_CHANGES)
        .partitions(partitions)
        .replicas(replicas)
        .build();
  }
}
