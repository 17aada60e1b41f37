package dev.switchboard.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Kafka outage started by {@link Kafka#startOutage()}: the broker is down until {@link #end()}
 * (or {@link #close()}, so that try-with-resources always brings it back).
 *
 * <pre>{@code
 * try (KafkaOutage outage = Kafka.startOutage()) {
 *   // sends fail or stay unacknowledged here
 *   outage.end();
 *   // the broker is back: sends succeed
 * }
 * }</pre>
 */
public final class KafkaOutage implements AutoCloseable {

  private final Runnable restart;
  private final AtomicBoolean ended = new AtomicBoolean();

  KafkaOutage(Runnable restart) {
    this.restart = restart;
  }

  /**
   * Starts the broker again on the same port and returns once it accepts requests. Calling it again
   * does nothing.
   */
  public void end() {
    if (ended.compareAndSet(false, true)) {
      restart.run();
    }
  }

  /** Same as {@link #end()}. */
  @Override
  public void close() {
    end();
  }
}
