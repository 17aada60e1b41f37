package dev.switchboard.edge.catalogue;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.Topics;
import dev.switchboard.edge.catalogue.DependencyStatus.Dependency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code switchboard.config-published} from the beginning into the {@link Catalogue} and
 * keeps following it, on one thread. No consumer group and no committed offsets: every edge reads
 * the whole compacted topic, which is the catalogue. While Kafka is down the consumer keeps
 * retrying (and the edge keeps serving what it holds); it catches up by itself when Kafka returns.
 */
public final class CatalogueConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogueConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration TOPIC_POLL = Duration.ofMillis(200);

  private final Catalogue catalogue;
  private final DependencyStatus status;
  private final Map<String, Object> kafkaProperties;
  private final Duration probeInterval;
  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private volatile long lag = -1;
  private volatile @org.jspecify.annotations.Nullable KafkaConsumer<String, byte[]> consumer;

  public CatalogueConsumer(
      String bootstrapServers,
      Catalogue catalogue,
      DependencyStatus status,
      Duration probeInterval) {
    this.catalogue = catalogue;
    this.status = status;
    this.probeInterval = probeInterval;
    this.kafkaProperties =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.CLIENT_ID_CONFIG,
            "evaluation-edge-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            // config-service creates the topic with its partition count. An edge that starts
            // first must wait for it (awaitPartitions): its metadata request would otherwise have
            // the broker auto-create the topic with one partition, read only that one after
            // config-service raised the count, and never see announcements on the others.
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
            false,
            ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
            1000,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            1000);
    this.thread = new Thread(this::run, "catalogue-consumer");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Whether the catalogue has been read up to the end offsets seen on start at least once. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Records behind the end of the topic at the last probe; -1 before the first. */
  public long lag() {
    return lag;
  }

  private void run() {
    Properties properties = new Properties();
    properties.putAll(kafkaProperties);
    try (KafkaConsumer<String, byte[]> kafka =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = kafka;
      List<TopicPartition> partitions = awaitPartitions(kafka);
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      Map<TopicPartition, Long> startEnd = null;
      long nextProbe = 0;
      while (running) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
          handle(record);
        }
        if (System.nanoTime() >= nextProbe || (!caughtUp && startEnd == null)) {
          Map<TopicPartition, Long> end = probe(kafka, partitions);
          if (startEnd == null) {
            startEnd = end;
          }
          nextProbe = System.nanoTime() + probeInterval.toNanos();
        }
        if (!caughtUp && startEnd != null && reached(kafka, startEnd)) {
          caughtUp = true;
          catalogue.markComplete();
          log.info(
              "catalogue read: {} documents announced, {} keys",
              catalogue.heldCount() + catalogue.missingCount(),
              catalogue.keyCount());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("the catalogue consumer stopped; this edge no longer sees new versions", e);
      status.down(Dependency.KAFKA, e);
    }
  }

  private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
    boolean told = false;
    while (running) {
      try {
        List<PartitionInfo> infos = kafka.partitionsFor(Topics.CONFIG_PUBLISHED, METADATA_TIMEOUT);
        if (infos != null && !infos.isEmpty()) {
          status.up(Dependency.KAFKA);
          List<TopicPartition> partitions = new ArrayList<>();
          for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
          }
          return partitions;
        }
        if (!told) {
          log.info("waiting for topic {} to exist", Topics.CONFIG_PUBLISHED);
          told = true;
        }
        // an unknown topic answers at once: do not ask the broker in a tight loop
        Thread.sleep(TOPIC_POLL.toMillis());
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        status.down(Dependency.KAFKA, e);
        log.warn("Kafka is not reachable yet: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new WakeupException();
  }

  private Map<TopicPartition, Long> probe(
      KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
    try {
      Map<TopicPartition, Long> end = kafka.endOffsets(partitions, METADATA_TIMEOUT);
      long behind = 0;
      for (TopicPartition partition : partitions) {
        behind += Math.max(0, end.get(partition) - kafka.position(partition, METADATA_TIMEOUT));
      }
      lag = behind;
      status.up(Dependency.KAFKA);
      return end;
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      status.down(Dependency.KAFKA, e);
      return null;
    }
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> target) {
    for (Map.Entry<TopicPartition, Long> entry : target.entrySet()) {
      if (kafka.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.value() == null) {
        if (record.key() != null) {
          catalogue.remove(record.key());
        }
        return;
      }
      catalogue.announce(json.readValue(record.value(), ConfigPublished.class));
    } catch (RuntimeException e) {
      log.error(
          "skipped an unreadable announcement at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset(),
          e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    thread.join(Duration.ofSeconds(5).toMillis());
  }
}
