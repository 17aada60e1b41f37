package dev.switchboard.management.outbox;

import dev.switchboard.contracts.Topics;
import dev.switchboard.management.ManagementProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to {@value Topics#CONFIG_CHANGES}, keyed by environment id, in id order
 * (which is version order per environment), and marks them sent only after the broker has
 * acknowledged every one of them (acks=all, idempotent producer).
 *
 * <p>Several instances may run: each batch runs in a transaction that first takes the single {@code
 * outbox_relay_lock} row with {@code FOR UPDATE SKIP LOCKED}; an instance that does not get it does
 * nothing this round. One batch at a time cluster-wide keeps per-environment order (see
 * docs/decisions/0002). When the broker is down the batch fails, nothing is marked, and the rows
 * are retried with backoff: delayed, never lost. A batch that was acknowledged but whose commit
 * failed is sent again; consumers drop versions they have seen.
 *
 * <p>The relay runs on its own thread. A commit in this instance wakes it at once ({@link
 * OutboxWakeUp}), so changes reach the broker within milliseconds; otherwise it polls every {@code
 * poll-interval}, which is how it sees rows committed by other instances.
 */
@Component
class OutboxRelay implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final KafkaTemplate<String, String> kafka;
  private final ManagementProperties.Outbox settings;
  private final Clock clock;
  private final Timer delivery;
  private final Counter published;

  private final Semaphore wakeUp = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  private Duration backoff = Duration.ZERO;
  private boolean failing;

  OutboxRelay(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      KafkaTemplate<String, String> kafka,
      ManagementProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.kafka = kafka;
    this.settings = properties.outbox();
    this.clock = clock;
    this.delivery =
        Timer.builder("switchboard.outbox.delivery")
            .description("Outbox lag: from the change's commit to the broker's acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.published =
        Counter.builder("switchboard.outbox.published")
            .description("Outbox rows published")
            .register(meters);
    Gauge.builder("switchboard.outbox.pending", this, OutboxRelay::pendingRows)
        .description("Outbox rows not yet acknowledged by the broker")
        .register(meters);
    Gauge.builder("switchboard.outbox.oldest.age", this, OutboxRelay::oldestPendingSeconds)
        .description("Age in seconds of the oldest unsent outbox row (0 when none)")
        .baseUnit("seconds")
        .register(meters);
  }

  /** Asks the relay to look for rows now (called after a commit that wrote some). */
  void wakeUp() {
    wakeUp.release();
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "outbox-relay");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    wakeUp.release();
    if (thread == null) {
      return;
    }
    try {
      thread.join(2 * settings.sendTimeout().toMillis() + 1_000); // in-flight and final batch
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops after the web server has finished its in-flight requests (graceful shutdown runs in a
   * later-stopping phase), so that their changes are published before the process exits.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (true) {
      relay(); // after stop() this is the last round: requests have drained by then
      if (!running) {
        return;
      }
      Duration wait = backoff.isZero() ? settings.pollInterval() : backoff;
      try {
        wakeUp.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Publishes until the outbox is empty or publishing fails; never throws. */
  void relay() {
    try {
      int sent;
      do {
        sent = publishBatch();
      } while (sent == settings.batchSize());
      if (failing) {
        log.info("outbox relay recovered: publishing to {} again", Topics.CONFIG_CHANGES);
        failing = false;
      }
      backoff = Duration.ZERO;
    } catch (RuntimeException e) {
      backoff =
          backoff.isZero() ? settings.pollInterval() : min(backoff.multipliedBy(2), MAX_BACKOFF);
      if (!failing) {
        log.warn("outbox relay cannot publish; rows wait in the outbox and are retried", e);
        failing = true;
      }
    }
  }

  /** Publishes one batch if this instance holds the relay lock; returns the rows published. */
  int publishBatch() {
    Integer count =
        transactions.execute(
            status -> {
              boolean leader =
                  jdbc.sql("select id from outbox_relay_lock where id = 1 for update skip locked")
                      .query(Integer.class)
                      .optional()
                      .isPresent();
              if (!leader) {
                return 0;
              }
              List<Row> rows =
                  jdbc.sql(
                          "select id, environment_id, payload, created_at from outbox"
                              + " where sent_at is null order by id limit :limit")
                      .param("limit", settings.batchSize())
                      .query(
                          (rs, n) ->
                              new Row(
                                  rs.getLong("id"),
                                  rs.getObject("environment_id", UUID.class),
                                  rs.getString("payload"),
                                  rs.getTimestamp("created_at").toInstant()))
                      .list();
              if (rows.isEmpty()) {
                return 0;
              }
              List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>();
              for (Row row : rows) {
                sends.add(
                    kafka.send(Topics.CONFIG_CHANGES, row.environmentId.toString(), row.payload));
              }
              kafka.flush();
              List<Long> ids = new ArrayList<>();
              for (int i = 0; i < rows.size(); i++) {
                awaitAck(sends.get(i));
                ids.add(rows.get(i).id);
                delivery.record(Duration.between(rows.get(i).createdAt, clock.instant()));
              }
              jdbc.sql("update outbox set sent_at = :now where id in (:ids)")
                  .param("now", java.sql.Timestamp.from(clock.instant()))
                  .param("ids", ids)
                  .update();
              published.increment(ids.size());
              return ids.size();
            });
    return count == null ? 0 : count;
  }

  private void awaitAck(CompletableFuture<SendResult<String, String>> send) {
    try {
      send.get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the broker did not acknowledge an outbox row", e);
    }
  }

  private double pendingRows() {
    return jdbc.sql("select count(*) from outbox where sent_at is null").query(Long.class).single();
  }

  private double oldestPendingSeconds() {
    return jdbc.sql("select min(created_at) from outbox where sent_at is null")
        .query((rs, n) -> rs.getTimestamp(1))
        .optional()
        .filter(java.util.Objects::nonNull)
        .map(oldest -> Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0)
        .orElse(0.0);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private record Row(long id, UUID environmentId, String payload, Instant createdAt) {}
}
