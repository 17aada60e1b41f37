package dev.switchboard.configservice.admin;

import dev.switchboard.bucketing.ConfigDocument;
import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every environment once at start when the documents in the store were written in another
 * format than this build writes (or the store has no marker yet: a new bucket, or a first
 * deployment next to existing environments). The marker object {@value #MARKER} records the format
 * after a rebuild in which every environment succeeded; a rebuild with failures is retried with
 * backoff.
 */
@Component
class SchemaRebuild implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SchemaRebuild.class);

  /** Where the format of the stored documents is recorded (outside {@code config/}). */
  static final String MARKER = "meta/config-service.json";

  /**
   * The format of the documents this build writes: the config schema version, and a revision of how
   * this service lays them out (bump it when the written bytes change for the same input).
   */
  static final String FORMAT =
      "{\"schemaVersion\":" + ConfigDocument.SCHEMA_VERSION + ",\"revision\":1}";

  private final Rebuilds rebuilds;
  private final ObjectStore store;
  private final boolean enabled;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private volatile boolean running;
  private volatile Thread thread;

  SchemaRebuild(Rebuilds rebuilds, ObjectStore store, ConfigServiceProperties properties) {
    this.rebuilds = rebuilds;
    this.store = store;
    this.enabled = properties.rebuildOnSchemaChange();
    this.initialBackoff = properties.retry().initialBackoff();
    this.maxBackoff = properties.retry().maxBackoff();
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    if (!enabled) {
      return;
    }
    Thread worker = new Thread(this::rebuildIfFormatChanged, "schema-rebuild");
    worker.setDaemon(true);
    thread = worker;
    worker.start();
  }

  private void rebuildIfFormatChanged() {
    Duration backoff = initialBackoff;
    while (running) {
      try {
        Optional<StoredObject> marker = store.get(MARKER);
        String stored =
            marker.map(m -> new String(m.body(), StandardCharsets.UTF_8)).orElse("(none)");
        if (stored.equals(FORMAT)) {
          return;
        }
        log.info(
            "stored documents have format {}, this build writes {}: rebuilding", stored, FORMAT);
        Rebuilds.Result result = rebuilds.rebuildAll();
        if (result.failed().isEmpty()) {
          store.put(
              MARKER,
              new StoredObject(FORMAT.getBytes(StandardCharsets.UTF_8), "application/json", null));
          return;
        }
        log.warn(
            "{} environments failed to rebuild; retrying in {}", result.failed().size(), backoff);
      } catch (RuntimeException e) {
        log.warn(
            "rebuild after a format change failed; retrying in {}: {}", backoff, e.getMessage());
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    Thread worker = thread;
    if (worker != null) {
      worker.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
