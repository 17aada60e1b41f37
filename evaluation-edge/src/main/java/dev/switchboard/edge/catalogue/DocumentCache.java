package dev.switchboard.edge.catalogue;

import dev.switchboard.edge.catalogue.DependencyStatus.Dependency;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared L2 cache in Redis: gzip-compressed documents by environment, type and ETag, so that a
 * fleet of edges reads each version from the object store about once, and a new edge can start
 * while the store is down. Every failure is logged, recorded in {@link DependencyStatus} and
 * answered as a miss: Redis is an optimisation, never a reason to fail.
 */
public final class DocumentCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DocumentCache.class);

  private final ClientResources resources;
  private final RedisClient client;
  private final String prefix;
  private final Duration ttl;
  private final DependencyStatus status;
  private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;
  private volatile Runnable onRecovery = () -> {};

  public DocumentCache(
      RedisURI uri, String prefix, Duration ttl, Duration timeout, DependencyStatus status) {
    this.prefix = prefix;
    this.ttl = ttl;
    this.status = status;
    uri.setTimeout(timeout);
    // reconnect within a few seconds of Redis returning (Lettuce's default backs off to 30 s)
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.fullJitter(
                    Duration.ofMillis(100), Duration.ofSeconds(5), 100, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            // fail at once while disconnected instead of queueing commands until Redis returns
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
  }

  /**
   * Runs when Redis answers again after a failure: a restarted Redis is empty, and the documents
   * held in memory are what a new edge would need from it while the store is down.
   */
  public void onRecovery(Runnable onRecovery) {
    this.onRecovery = onRecovery;
  }

  /** The cached document, or {@code null} on a miss or any Redis failure. */
  public byte @Nullable [] get(String recordKey, String etag) {
    try {
      byte[] value = commands().get(key(recordKey, etag));
      succeeded();
      return value;
    } catch (RuntimeException e) {
      failed("read", e);
      return null;
    }
  }

  /** Stores a document; failures are recorded, not thrown. */
  public void put(String recordKey, String etag, byte[] gzip) {
    try {
      commands().set(key(recordKey, etag), gzip, SetArgs.Builder.px(ttl.toMillis()));
      succeeded();
    } catch (RuntimeException e) {
      failed("write", e);
    }
  }

  /**
   * Claims the right to read a version from the object store for {@code hold}; the other edges wait
   * for the winner to fill the cache. Answers {@code true} when Redis fails, so a broken Redis
   * never stops a load.
   */
  public boolean claimLoad(String recordKey, String etag, Duration hold) {
    try {
      String result =
          commands()
              .set(
                  key(recordKey, etag) + ":loading",
                  new byte[] {1},
                  SetArgs.Builder.nx().px(hold.toMillis()));
      succeeded();
      return "OK".equals(result);
    } catch (RuntimeException e) {
      failed("claim", e);
      return true;
    }
  }

  /** Pings Redis, for readiness. */
  public void probe() {
    try {
      commands().ping();
      succeeded();
    } catch (RuntimeException e) {
      failed("probe", e);
    }
  }

  private void succeeded() {
    if (status.up(Dependency.REDIS)) {
      log.info("Redis answers again");
      onRecovery.run();
    }
  }

  private String key(String recordKey, String etag) {
    return prefix + recordKey + ":" + etag;
  }

  private RedisCommands<String, byte[]> commands() {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current == null) {
      synchronized (this) {
        current = connection;
        if (current == null) {
          // Lettuce reconnects an established connection by itself; only the first connect is ours.
          current = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
          connection = current;
        }
      }
    }
    return current.sync();
  }

  private void failed(String operation, RuntimeException e) {
    if (status.state(Dependency.REDIS) == null || status.state(Dependency.REDIS).up()) {
      log.warn(
          "Redis {} failed; serving from memory and the object store: {}", operation, e.toString());
    } else {
      log.debug("Redis {} failed again", operation, e);
    }
    status.down(Dependency.REDIS, e);
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, byte[]> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
  }
}
