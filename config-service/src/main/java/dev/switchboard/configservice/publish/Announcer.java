package dev.switchboard.configservice.publish;

import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends announcements to the compacted published topic and waits for the broker's acknowledgement
 * (acks=all, idempotent producer): a method returns only once the record is durable, with its
 * offset.
 */
@Component
class Announcer {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaTemplate<String, String> kafka;
  private final JsonMapper json;
  private final String topic;

  Announcer(
      KafkaTemplate<String, String> kafka, JsonMapper json, ConfigServiceProperties properties) {
    this.kafka = kafka;
    this.json = json;
    this.topic = properties.topics().published();
  }

  /**
   * Announces publications together: all are sent at once (one round trip to the broker when they
   * share it), then each acknowledgement is awaited, and {@code acknowledged} is called with each
   * acknowledged one and its offset, in the order given. Their record keys differ, so the order in
   * which the broker stores them does not matter.
   *
   * @throws PublishException after all were awaited, when any was not acknowledged
   */
  void announceAll(
      List<ConfigPublished> announcements, BiConsumer<ConfigPublished, Long> acknowledged) {
    List<String> keys = new ArrayList<>(announcements.size());
    List<CompletableFuture<SendResult<String, String>>> sends =
        new ArrayList<>(announcements.size());
    for (ConfigPublished published : announcements) {
      SdkType type = SdkType.fromWireName(published.sdkType());
      String key = ObjectKeys.publishedRecordKey(published.environmentId(), type);
      keys.add(key);
      sends.add(send(key, json.writeValueAsString(published)));
    }
    PublishException failure = null;
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    for (int i = 0; i < sends.size(); i++) {
      try {
        acknowledged.accept(announcements.get(i), offset(sends.get(i), keys.get(i), deadline));
      } catch (PublishException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Announces that an environment's documents of a type are gone; returns the offset. */
  long tombstone(String environmentId, SdkType type) {
    String key = ObjectKeys.publishedRecordKey(environmentId, type);
    return offset(send(key, null), key, System.nanoTime() + ACK_TIMEOUT.toNanos());
  }

  private CompletableFuture<SendResult<String, String>> send(String key, String value) {
    try {
      return kafka.send(topic, key, value);
    } catch (RuntimeException e) { // the producer refused it at once (buffer full, closed)
      return CompletableFuture.failedFuture(e);
    }
  }

  private long offset(
      CompletableFuture<SendResult<String, String>> send, String key, long deadline) {
    try {
      SendResult<String, String> result =
          send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return result.getRecordMetadata().offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException(PublishException.Stage.ANNOUNCE, "interrupted", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new PublishException(
          PublishException.Stage.ANNOUNCE,
          "the broker did not acknowledge " + key + " on " + topic,
          e);
    }
  }
}
