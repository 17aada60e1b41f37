package dev.switchboard.edge.stream;

import dev.switchboard.edge.EdgeProperties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Heartbeats while running; on shutdown ends every stream with a retry hint. Its phase is the
 * highest, so it stops before the web server's graceful shutdown, which would otherwise wait for
 * streams that never end by themselves.
 */
public final class StreamLifecycle implements SmartLifecycle {
  private final StreamHub hub;
  private final ScheduledExecutorService scheduler;
  private final long heartbeatMillis;
  private volatile @Nullable ScheduledFuture<?> heartbeats;

  public StreamLifecycle(
      StreamHub hub, ScheduledExecutorService scheduler, EdgeProperties properties) {
    this.hub = hub;
    this.scheduler = scheduler;
    this.heartbeatMillis = properties.heartbeat().toMillis();
  }

  @Override
  public void start() {
    heartbeats =
        scheduler.scheduleAtFixedRate(
            hub::heartbeat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    ScheduledFuture<?> current = heartbeats;
    if (current != null) {
      current.cancel(false);
    }
    heartbeats = null;
    hub.shutdown();
  }

  @Override
  public boolean isRunning() {
    return heartbeats != null;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
