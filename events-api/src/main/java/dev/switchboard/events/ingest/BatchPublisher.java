package dev.switchboard.events.ingest;

import dev.switchboard.contracts.Topics;
import dev.switchboard.events.EventsProperties;
import dev.switchboard.events.web.EventsProblem;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch to {@code switchboard.events} (key: environment id) and returns only once the
 * broker acknowledged it (acks=all, idempotent producer; see application.yml). If that does not
 * happen within {@code send-timeout} the caller gets 503 with Retry-After: the SDK keeps the batch
 * and retries with the same id, which de-duplication makes safe even if the broker did take it.
 */
@Component
class BatchPublisher {
  private static final Logger log = LoggerFactory.getLogger(BatchPublisher.class);
  static final long RETRY_AFTER_SECONDS = 5;

  private final KafkaTemplate<String, byte[]> kafka;
  private final Duration timeout;

  BatchPublisher(KafkaTemplate<String, byte[]> kafka, EventsProperties properties) {
    this.kafka = kafka;
    this.timeout = properties.sendTimeout();
  }

  void publish(IngestedBatch batch) {
    byte[] value = IngestedBatchCodec.write(batch);
    try {
      kafka
          .send(Topics.EVENTS, batch.environmentId().toString(), value)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(e);
    }
  }

  private static EventsProblem unavailable(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    log.warn("a batch could not be made durable in Kafka: {}", cause.toString());
    return EventsProblem.unavailable(
        "the batch could not be stored now; nothing was recorded: retry the same batchId later",
        RETRY_AFTER_SECONDS);
  }
}
