package dev.switchboard.devstack;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An injected fault (see {@link DevStack#kafkaOutage()} and its siblings): the part stays down
 * until {@link #end()}, or {@link #close()}, so that try-with-resources always brings it back.
 */
public final class Outage implements AutoCloseable {
  private final Runnable restore;
  private final AtomicBoolean ended = new AtomicBoolean();

  Outage(Runnable restore) {
    this.restore = restore;
  }

  /** Brings the part back and returns once it serves again; does nothing the second time. */
  public void end() {
    if (ended.compareAndSet(false, true)) {
      restore.run();
    }
  }

  /** Same as {@link #end()}. */
  @Override
  public void close() {
    end();
  }
}
