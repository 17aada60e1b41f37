package dev.switchboard.edge.stream;

import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.EdgeProperties;
import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.CatalogueListener;
import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.catalogue.KeyGrant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All open SSE streams, indexed by the document they follow. New versions, heartbeats, key removals
 * and the shutdown go through here; every frame is encoded once and shared by all streams.
 */
public final class StreamHub implements CatalogueListener {
  private static final Logger log = LoggerFactory.getLogger(StreamHub.class);
  private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Catalogue catalogue;
  private final EdgeProperties properties;
  private final byte[] openingRetry;
  private final Map<String, Set<StreamConnection>> byRecordKey = new ConcurrentHashMap<>();
  private final Map<SdkType, AtomicInteger> open = new EnumMap<>(SdkType.class);
  private final Counter updatesSent;
  private final Counter heartbeatsSent;
  private final Map<StreamConnection.CloseReason, Counter> closed =
      new EnumMap<>(StreamConnection.CloseReason.class);
  private final Timer delivery;
  private final Timer propagation;
  private volatile boolean shuttingDown;

  public StreamHub(Catalogue catalogue, EdgeProperties properties, MeterRegistry meters) {
    this.catalogue = catalogue;
    this.properties = properties;
    this.openingRetry = retryFrame(properties.retry());
    for (SdkType type : SdkType.values()) {
      AtomicInteger count = new AtomicInteger();
      open.put(type, count);
      Gauge.builder("switchboard.edge.streams.open", count, AtomicInteger::get)
          .description("open SSE streams")
          .tag("sdk_type", type.wireName())
          .register(meters);
    }
    updatesSent =
        Counter.builder("switchboard.edge.stream.events")
            .description("SSE frames queued to streams")
            .tag("event", "config-updated")
            .register(meters);
    heartbeatsSent =
        Counter.builder("switchboard.edge.stream.events")
            .description("SSE frames queued to streams")
            .tag("event", "heartbeat")
            .register(meters);
    for (StreamConnection.CloseReason reason : StreamConnection.CloseReason.values()) {
      closed.put(
          reason,
          Counter.builder("switchboard.edge.streams.closed")
              .description("SSE streams ended, by reason")
              .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
              .register(meters));
    }
    propagation =
        Timer.builder("switchboard.edge.config.propagation")
            .description("from config-service's announcement to the new version held in memory")
            .publishPercentileHistogram()
            .register(meters);
    delivery =
        Timer.builder("switchboard.edge.stream.delivery")
            .description(
                "from config-service's announcement to the update queued to the last stream")
            .publishPercentileHistogram()
            .register(meters);
  }

  /** Whether new streams are refused because the edge is shutting down. */
  public boolean shuttingDown() {
    return shuttingDown;
  }

  /**
   * Opens a stream for {@code grant}. It starts with the {@code retry:} frame and, unless {@code
   * lastEventId} is already that version or newer, the current version's {@code config-updated}.
   */
  StreamConnection open(KeyGrant grant, long lastEventId) {
    StreamConnection connection =
        new StreamConnection(
            grant.key(), grant.recordKey(), lastEventId, properties.streamBufferFrames());
    connection.send(openingRetry);
    // Register before reading the current version: a version installed in between is then
    // sent by configInstalled or here, never by neither (sendVersion ignores the second).
    byRecordKey
        .computeIfAbsent(grant.recordKey(), key -> ConcurrentHashMap.newKeySet())
        .add(connection);
    open.get(grant.type()).incrementAndGet();
    HeldConfig current = catalogue.held(grant.recordKey());
    if (current != null
        && connection.sendVersion(
            current.version(), frame(current, byRecordKey.get(grant.recordKey()).size()))) {
      if (current.version() > lastEventId) {
        updatesSent.increment();
      }
    }
    return connection;
  }

  /** Forgets a stream that ended, for whatever reason. */
  void closed(StreamConnection connection, SdkType type, StreamConnection.CloseReason reason) {
    Set<StreamConnection> set = byRecordKey.get(connection.recordKey);
    if (set != null && set.remove(connection)) {
      open.get(type).decrementAndGet();
      closed.get(reason).increment();
    }
  }

  /**
   * Queues the new version to every stream of the document. Streams are grouped by their Netty
   * event loop and each group is written in one task on its own loop: one hand-over per loop
   * instead of one per stream, which is what made a 10,000-stream fan-out slow.
   */
  @Override
  public void configInstalled(HeldConfig config) {
    propagation.record(Duration.between(config.announcedAt(), Instant.now()));
    Set<StreamConnection> streams = byRecordKey.get(config.recordKey());
    if (streams == null || streams.isEmpty()) {
      delivery.record(Duration.between(config.announcedAt(), Instant.now()));
      return;
    }
    Map<Executor, List<StreamConnection>> byLoop = new HashMap<>();
    List<StreamConnection> inline = new ArrayList<>();
    for (StreamConnection stream : streams) {
      Executor loop = stream.eventLoop();
      if (loop == null) {
        inline.add(stream);
      } else {
        byLoop.computeIfAbsent(loop, key -> new ArrayList<>()).add(stream);
      }
    }
    byte[] frame = frame(config, streams.size());
    AtomicInteger remaining = new AtomicInteger(byLoop.size() + 1);
    for (Map.Entry<Executor, List<StreamConnection>> group : byLoop.entrySet()) {
      try {
        group.getKey().execute(() -> sendAll(group.getValue(), config, frame, remaining));
      } catch (RuntimeException e) {
        // the loop is shutting down: its channels are closing anyway
        log.debug("could not queue an update on an event loop", e);
        sendAll(group.getValue(), config, frame, remaining);
      }
    }
    sendAll(inline, config, frame, remaining);
  }

  /**
   * The most bytes of frames one version may make this edge write to its streams with the document
   * inside (decision 0013): 1,000 clients of a 4 KiB document, 256 of a 16 KiB one. Beyond that the
   * event only announces the version and the clients download the document, which a CDN in front of
   * the edge can serve.
   */
  static final long INLINE_BUDGET_BYTES = 4L << 20;

  /** The frame to send {@code config} to {@code streams} streams with. */
  static byte[] frame(HeldConfig config, int streams) {
    byte[] full = config.updateFrame();
    return (long) full.length * streams <= INLINE_BUDGET_BYTES
        ? full
        : HeldConfig.updateFrame(config.version(), config.etag());
  }

  private void sendAll(
      List<StreamConnection> streams, HeldConfig config, byte[] frame, AtomicInteger remaining) {
    int sent = 0;
    int dropped = 0;
    for (StreamConnection stream : streams) {
      if (stream.sendVersion(config.version(), frame)) {
        sent++;
      } else {
        dropped++;
        closed(stream, config.type(), StreamConnection.CloseReason.SLOW);
      }
    }
    updatesSent.increment(sent);
    if (dropped > 0) {
      log.debug(
          "{} version {}: {} streams too slow, closed",
          config.recordKey(),
          config.version(),
          dropped);
    }
    if (remaining.decrementAndGet() == 0) {
      delivery.record(Duration.between(config.announcedAt(), Instant.now()));
    }
  }

  @Override
  public void keysRemoved(Set<String> keys) {
    for (Map.Entry<String, Set<StreamConnection>> entry : byRecordKey.entrySet()) {
      for (StreamConnection stream : entry.getValue()) {
        if (keys.contains(stream.key)) {
          stream.close(new byte[0]);
          closed(stream, typeOf(entry.getKey()), StreamConnection.CloseReason.KEY_REMOVED);
        }
      }
    }
  }

  /** Sends a heartbeat comment to every stream. */
  void heartbeat() {
    int sent = 0;
    for (Map.Entry<String, Set<StreamConnection>> entry : byRecordKey.entrySet()) {
      for (StreamConnection stream : entry.getValue()) {
        if (stream.send(HEARTBEAT)) {
          sent++;
        } else {
          closed(stream, typeOf(entry.getKey()), StreamConnection.CloseReason.SLOW);
        }
      }
    }
    heartbeatsSent.increment(sent);
  }

  /**
   * Refuses new streams and ends every open one with a random {@code retry:} between the configured
   * bounds, so that clients do not all reconnect to the remaining edges at once.
   */
  void shutdown() {
    shuttingDown = true;
    long min = properties.shutdownRetryMin().toMillis();
    long max = Math.max(min, properties.shutdownRetryMax().toMillis());
    int count = 0;
    for (Map.Entry<String, Set<StreamConnection>> entry : byRecordKey.entrySet()) {
      for (StreamConnection stream : entry.getValue()) {
        long delay = min + ThreadLocalRandom.current().nextLong(max - min + 1);
        stream.close(retryFrame(Duration.ofMillis(delay)));
        closed(stream, typeOf(entry.getKey()), StreamConnection.CloseReason.SHUTDOWN);
        count++;
      }
    }
    log.info("shutdown: closed {} streams with retry hints of {}-{} ms", count, min, max);
  }

  /** Open streams of all types. */
  public int openCount() {
    int total = 0;
    for (AtomicInteger count : open.values()) {
      total += count.get();
    }
    return total;
  }

  private static SdkType typeOf(String recordKey) {
    return SdkType.fromWireName(recordKey.substring(recordKey.lastIndexOf(':') + 1));
  }

  static byte[] retryFrame(Duration delay) {
    return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
  }
}
