package dev.switchboard.configservice;

import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.ObjectStores;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The object store, the clock, the published topic and the listener's retry policy. */
@Configuration
class ServiceConfiguration {

  /** The configured store; Spring closes it (the S3 client) on shutdown. */
  @Bean
  @ConditionalOnMissingBean
  ObjectStore objectStore(ConfigServiceProperties properties) {
    return ObjectStores.create(properties.objectStore().settings());
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Compacted: the newest record per environment and SDK type is the catalogue. */
  @Bean
  NewTopic configPublishedTopic(ConfigServiceProperties properties) {
    return TopicBuilder.name(properties.topics().published())
        .partitions(properties.topics().publishedPartitions())
        .replicas(properties.topics().replicas())
        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
        .build();
  }

  /**
   * A batch that fails (store down, management-api unreachable) is retried with exponential backoff
   * until it succeeds: its offsets are not committed meanwhile, and nothing is skipped. The
   * container pauses the partitions while it waits, so the consumer stays in its group.
   */
  @Bean
  CommonErrorHandler retryForever(ConfigServiceProperties properties) {
    ExponentialBackOff backOff = new ExponentialBackOff();
    backOff.setInitialInterval(properties.retry().initialBackoff().toMillis());
    backOff.setMultiplier(2.0);
    backOff.setMaxInterval(properties.retry().maxBackoff().toMillis());
    DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
    handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG); // we log failures
    return handler;
  }
}
