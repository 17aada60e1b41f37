package dev.switchboard.configservice.publish;

import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What is published: the newest {@link ConfigPublished} per environment and SDK type, read from the
 * compacted topic {@code switchboard.config-published} from the beginning at start (before any
 * change is consumed) and then followed, so that announcements of other instances are seen too.
 * This service's own announcements are recorded at once, with their offset: an entry only ever
 * moves to a later offset of its record key, so a late echo of an older announcement never wins.
 *
 * <p>This is what keeps publishing monotonic without reading objects back: the version announced
 * for an environment is the version of its objects (objects are written before the announcement,
 * and a failed announcement is retried with the write).
 */
@Component
class Catalogue implements SmartLifecycle, HealthIndicator {
  private static final Logger log = LoggerFactory.getLogger(Catalogue.class);
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

  private record Entry(@Nullable ConfigPublished published, long offset) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final String topic;
  private final JsonMapper json;
  private final Map<String, Object> consumerConfig;
  private final CountDownLatch loaded = new CountDownLatch(1);

  private volatile boolean running;
  private volatile @Nullable Consumer<String, String> consumer;
  private @Nullable Thread thread;
  private volatile @Nullable Exception loadFailure;

  Catalogue(
      ConfigServiceProperties properties,
      JsonMapper json,
      org.springframework.kafka.core.ConsumerFactory<?, ?> consumers) {
    this.topic = properties.topics().published();
    this.json = json;
    Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group, no commits
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "config-service-catalogue");
    // the topic is created compacted by KafkaAdmin at start; never let a metadata request
    // auto-create it with the broker's default (delete) policy
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumerConfig = config;
  }

  /** The newest announcement for an environment and type, if it is published. */
  Optional<ConfigPublished> get(String environmentId, SdkType type) {
    Entry entry = entries.get(ObjectKeys.publishedRecordKey(environmentId, type));
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.published);
  }

  /** Every published announcement. */
  List<ConfigPublished> all() {
    List<ConfigPublished> all = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.published != null) {
        all.add(entry.published);
      }
    }
    return all;
  }

  /** The environments with at least one published document. */
  Set<String> environmentIds() {
    Set<String> ids = new TreeSet<>();
    for (ConfigPublished published : all()) {
      ids.add(published.environmentId());
    }
    return ids;
  }

  /** Records this service's own acknowledged announcement at {@code offset}. */
  void recorded(ConfigPublished published, long offset) {
    SdkType type = SdkType.fromWireName(published.sdkType());
    apply(ObjectKeys.publishedRecordKey(published.environmentId(), type), published, offset);
  }

  /** Records this service's own acknowledged tombstone at {@code offset}. */
  void removed(String environmentId, SdkType type, long offset) {
    apply(ObjectKeys.publishedRecordKey(environmentId, type), null, offset);
  }

  private void apply(String recordKey, @Nullable ConfigPublished published, long offset) {
    entries.merge(
        recordKey,
        new Entry(published, offset),
        (existing, update) -> update.offset >= existing.offset ? update : existing);
  }

  boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  @Override
  public Health health() {
    if (isLoaded()) {
      return Health.up().withDetail("published", all().size()).build();
    }
    Health.Builder down = Health.down().withDetail("reason", "reading " + topic);
    Exception failure = loadFailure;
    return failure == null ? down.build() : down.withException(failure).build();
  }

  // ---- following the topic ------------------------------------------------------------------

  /**
   * Reads the topic to its end before returning, so that the change listener (started later) knows
   * what is published; fails the start when that takes longer than a minute.
   */
  @Override
  public void start() {
    running = true;
    Thread follower = new Thread(this::follow, "catalogue-follower");
    follower.setDaemon(true);
    thread = follower;
    follower.start();
    try {
      if (!loaded.await(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "could not read " + topic + " within " + LOAD_TIMEOUT, loadFailure);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic, e);
    }
  }

  private void follow() {
    while (running) {
      try (Consumer<String, String> kafka =
          new DefaultKafkaConsumerFactory<String, String>(consumerConfig).createConsumer()) {
        consumer = kafka;
        List<TopicPartition> partitions = partitions(kafka);
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
        while (running) {
          for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(200))) {
            read(record);
          }
          if (!isLoaded() && caughtUp(kafka, end)) {
            log.info("catalogue loaded from {}: {} published documents", topic, all().size());
            loaded.countDown();
          }
        }
      } catch (WakeupException e) {
        return; // stop()
      } catch (RuntimeException e) {
        loadFailure = e;
        log.warn("cannot read {}; retrying", topic, e);
        sleepQuietly(Duration.ofSeconds(1));
      } finally {
        consumer = null;
      }
    }
  }

  private List<TopicPartition> partitions(Consumer<String, String> kafka) {
    List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " has no partitions");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  private static boolean caughtUp(Consumer<String, String> kafka, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (kafka.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void read(ConsumerRecord<String, String> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      apply(record.key(), null, record.offset());
      return;
    }
    try {
      apply(record.key(), json.readValue(record.value(), ConfigPublished.class), record.offset());
    } catch (RuntimeException e) {
      log.error(
          "unreadable record at {}-{}@{} ignored: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    running = false;
    Consumer<String, String> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    Thread follower = thread;
    if (follower != null) {
      try {
        follower.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the listener containers (which start last), after everything else is wired. */
  @Override
  public int getPhase() {
    return 0;
  }
}
