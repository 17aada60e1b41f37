package dev.switchboard.configservice.publish;

import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /** Announces a publication; returns the record's offset. */
  long announce(ConfigPublished published) {
    SdkType type = SdkType.fromWireName(published.sdkType());
    return send(
        ObjectKeys.publishedRecordKey(published.environmentId(), type),
        json.writeValueAsString(published));
  }

  /** Announces that an environment's documents of a type are gone; returns the offset. */
  long tombstone(String environmentId, SdkType type) {
    return send(ObjectKeys.publishedRecordKey(environmentId, type), null);
  }

  private long send(String key, String value) {
    try {
      SendResult<String, String> result =
          kafka.send(topic, key, value).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
