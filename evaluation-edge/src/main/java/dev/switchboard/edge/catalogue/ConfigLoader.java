package dev.switchboard.edge.catalogue;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.catalogue.DependencyStatus.Dependency;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads announced documents into the {@link Catalogue}: Redis (L2) first, then the object store,
 * which fills Redis. A failed load is retried with exponential backoff until it succeeds or a newer
 * announcement supersedes it; meanwhile the previous version keeps being served. A document that
 * does not parse is rejected until the next announcement, and the previous version kept.
 */
public final class ConfigLoader implements CatalogueListener {
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(200);

  /** How long one edge may take to read a version from the store before others read it too. */
  private static final Duration LOAD_CLAIM = Duration.ofSeconds(2);

  private static final Duration CLAIM_POLL = Duration.ofMillis(50);

  private final Catalogue catalogue;
  private final DocumentCache cache;
  private final ObjectStore store;
  private final DependencyStatus status;
  private final ScheduledExecutorService executor;
  private final Duration retryMax;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final Map<String, String> rejectedEtags = new ConcurrentHashMap<>();

  public ConfigLoader(
      Catalogue catalogue,
      DocumentCache cache,
      ObjectStore store,
      DependencyStatus status,
      ScheduledExecutorService executor,
      Duration retryMax) {
    this.catalogue = catalogue;
    this.cache = cache;
    this.store = store;
    this.status = status;
    this.executor = executor;
    this.retryMax = retryMax;
  }

  /** Writes every document held in memory back to Redis (after Redis lost them). */
  public void refillCache() {
    executor.execute(
        () -> {
          int count = 0;
          for (HeldConfig config : catalogue.heldConfigs()) {
            cache.put(config.recordKey(), config.etag(), config.gzip());
            count++;
          }
          log.info("wrote {} held documents back to Redis", count);
        });
  }

  @Override
  public void loadNeeded(String recordKey) {
    if (scheduled.add(recordKey)) {
      executor.execute(() -> load(recordKey, FIRST_RETRY));
    }
  }

  private void load(String recordKey, Duration nextRetry) {
    ConfigPublished want = catalogue.announced(recordKey);
    if (want != null
        && catalogue.needsLoad(recordKey)
        && !want.etag().equals(rejectedEtags.get(recordKey))) {
      try {
        HeldConfig config = fetch(recordKey, want);
        if (config != null) {
          catalogue.install(config);
        }
      } catch (RuntimeException e) {
        log.warn(
            "cannot load {} version {} yet, retrying in {} ms: {}",
            recordKey,
            want.version(),
            nextRetry.toMillis(),
            e.toString());
        Duration after = nextRetry.multipliedBy(2);
        executor.schedule(
            () -> load(recordKey, after.compareTo(retryMax) > 0 ? retryMax : after),
            nextRetry.toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      }
    }
    scheduled.remove(recordKey);
    // an announcement that arrived while this load ran found it scheduled and did not ask again
    ConfigPublished latest = catalogue.announced(recordKey);
    if (latest != null
        && catalogue.needsLoad(recordKey)
        && !latest.etag().equals(rejectedEtags.get(recordKey))) {
      loadNeeded(recordKey);
    }
  }

  /** The document, or {@code null} when it was rejected. */
  private @Nullable HeldConfig fetch(String recordKey, ConfigPublished want) {
    byte[] gzip = cache.get(recordKey, want.etag());
    boolean fromCache = gzip != null;
    if (gzip == null && !cache.claimLoad(recordKey, want.etag(), LOAD_CLAIM)) {
      gzip = awaitOtherEdge(recordKey, want.etag());
      fromCache = gzip != null;
    }
    if (gzip == null) {
      gzip = readStore(want);
    }
    byte[] identity = gunzip(gzip);
    Config config;
    try {
      config = Config.parse(identity);
    } catch (InvalidConfigException e) {
      rejectedEtags.put(recordKey, want.etag());
      log.error(
          "rejected {} version {} (etag {}): {}; keeping the previous version",
          recordKey,
          want.version(),
          want.etag(),
          e.getMessage());
      return null;
    }
    if (config.version() < want.version()) {
      throw new IllegalStateException(
          "the stored document is version " + config.version() + ", not yet " + want.version());
    }
    if (!fromCache) {
      cache.put(recordKey, want.etag(), gzip);
    }
    SdkType type = SdkType.fromWireName(want.sdkType());
    Instant announcedAt = want.publishedAt() == null ? Instant.now() : want.publishedAt();
    log.info(
        "loaded {} version {} ({} bytes, {} gzip) from {}",
        recordKey,
        config.version(),
        identity.length,
        gzip.length,
        fromCache ? "Redis" : "the object store");
    return new HeldConfig(
        recordKey,
        want.environmentId(),
        want.projectKey(),
        want.environmentKey(),
        type,
        config.version(),
        want.etag(),
        "\"" + want.etag() + "\"",
        identity,
        gzip,
        Evaluator.of(config),
        HeldConfig.updateFrame(config.version(), want.etag(), identity),
        announcedAt);
  }

  private byte @Nullable [] awaitOtherEdge(String recordKey, String etag) {
    long deadline = System.nanoTime() + LOAD_CLAIM.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(CLAIM_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      byte[] gzip = cache.get(recordKey, etag);
      if (gzip != null) {
        return gzip;
      }
    }
    return null;
  }

  /** The gzip bytes from the store: the newest key's object, else any other key's copy. */
  private byte[] readStore(ConfigPublished want) {
    List<String> objectKeys = new ArrayList<>();
    objectKeys.add(want.objectKey());
    SdkType type = SdkType.fromWireName(want.sdkType());
    for (PublishedKey key : want.keys()) {
      String objectKey = ObjectKeys.config(type, key.key());
      if (!objectKeys.contains(objectKey)) {
        objectKeys.add(objectKey);
      }
    }
    try {
      for (String objectKey : objectKeys) {
        Optional<StoredObject> object = store.get(objectKey);
        if (object.isPresent()) {
          status.up(Dependency.OBJECT_STORE);
          StoredObject found = object.get();
          return "gzip".equalsIgnoreCase(found.contentEncoding())
              ? found.body()
              : gzip(found.body());
        }
      }
    } catch (RuntimeException e) {
      status.down(Dependency.OBJECT_STORE, e);
      throw e;
    }
    status.up(Dependency.OBJECT_STORE);
    throw new IllegalStateException("no object at " + objectKeys);
  }

  static byte[] gunzip(byte[] gzip) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("not a gzip document", e);
    }
  }

  static byte[] gzip(byte[] identity) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(identity.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(identity);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
