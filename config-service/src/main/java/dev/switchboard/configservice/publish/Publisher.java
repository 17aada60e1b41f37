package dev.switchboard.configservice.publish;

import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.configservice.snapshot.ManagementApi;
import dev.switchboard.configservice.snapshot.ManagementApiException;
import dev.switchboard.configservice.snapshot.Snapshot;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.ObjectStoreException;
import dev.switchboard.objectstore.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Brings one environment's published documents up to date: snapshot, build, write, announce.
 *
 * <p>The rules (docs/decisions/0004):
 *
 * <ul>
 *   <li>Monotonic: a document older than the published one is never written; one of the same
 *       version only by a forced rebuild (identical bytes, or the same data in a new format).
 *   <li>Order: objects are written (one per valid key), then objects of keys that are no longer
 *       valid are deleted, then the new state is announced and acknowledged. A failure anywhere
 *       throws, and the whole refresh is retried: every step is idempotent.
 *   <li>One refresh per environment at a time (the Kafka listener, the key sweep and rebuilds share
 *       a lock per environment).
 * </ul>
 */
@Service
public class Publisher {
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);
  private static final String CONTENT_TYPE = "application/json";
  private static final int LOCK_STRIPES = 64;

  private final ManagementApi management;
  private final DocumentBuilder builder;
  private final ObjectStore store;
  private final Announcer announcer;
  private final Catalogue catalogue;
  private final PublishingHealth health;
  private final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  private final Timer refreshTimer;
  private final Timer snapshotTimer;
  private final Timer lag;
  private final Counter published;
  private final Counter removed;
  private final Counter skippedStale;
  private final Counter skippedUnchanged;
  private final Counter coalesced;

  Publisher(
      ManagementApi management,
      DocumentBuilder builder,
      ObjectStore store,
      Announcer announcer,
      Catalogue catalogue,
      PublishingHealth health,
      Clock clock,
      MeterRegistry meters) {
    this.management = management;
    this.builder = builder;
    this.store = store;
    this.announcer = announcer;
    this.catalogue = catalogue;
    this.health = health;
    this.clock = clock;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    this.refreshTimer =
        Timer.builder("switchboard.config.refresh")
            .description("One environment: snapshot + build + write + announce")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.snapshotTimer =
        Timer.builder("switchboard.config.snapshot")
            .description("Reading the snapshot from management-api")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.lag =
        Timer.builder("switchboard.config.publish.lag")
            .description("From a change's commit in management-api to its objects being written")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.published =
        Counter.builder("switchboard.config.published")
            .description("Documents (or key lists) announced")
            .register(meters);
    this.removed =
        Counter.builder("switchboard.config.removed")
            .description("Documents unpublished because their environment was deleted")
            .register(meters);
    this.skippedStale =
        Counter.builder("switchboard.config.skipped")
            .description("Refreshes that wrote nothing")
            .tag("reason", "stale")
            .register(meters);
    this.skippedUnchanged =
        Counter.builder("switchboard.config.skipped")
            .description("Refreshes that wrote nothing")
            .tag("reason", "unchanged")
            .register(meters);
    this.coalesced =
        Counter.builder("switchboard.config.changes.coalesced")
            .description("Change events already covered by a published version (no build)")
            .register(meters);
  }

  /**
   * Refreshes one environment.
   *
   * @throws PublishException when a stage failed (nothing is announced for a failed stage; retry)
   */
  public Outcome refresh(String environmentId, Trigger trigger) {
    ReentrantLock lock = locks[Math.floorMod(environmentId.hashCode(), LOCK_STRIPES)];
    lock.lock();
    long start = System.nanoTime();
    try {
      Outcome outcome = refreshLocked(environmentId, trigger);
      health.succeeded();
      refreshTimer.record(Duration.ofNanos(System.nanoTime() - start));
      return outcome;
    } catch (PublishException e) {
      health.failed(e);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private Outcome refreshLocked(String environmentId, Trigger trigger) {
    if (trigger.version() >= 0 && publishedAtLeast(environmentId, trigger.version())) {
      coalesced.increment(Math.max(1, trigger.changedAt().size()));
      return Outcome.UNCHANGED;
    }
    Optional<Snapshot> snapshot = snapshot(environmentId);
    if (snapshot.isEmpty()) {
      return unpublish(environmentId);
    }
    Map<SdkType, BuiltDocument> documents;
    try {
      documents = builder.build(snapshot.get().document());
    } catch (InvalidConfigException e) {
      throw new PublishException(
          PublishException.Stage.BUILD,
          "bucketing-core rejects the document of " + environmentId + " at " + e.pointer(),
          e);
    }
    Instant now = clock.instant();
    List<Plan> plans = new ArrayList<>();
    for (SdkType type : SdkType.values()) {
      Plan plan = plan(snapshot.get(), type, documents.get(type), trigger.forced(), now);
      if (plan != null) {
        plans.add(plan);
      }
    }
    if (plans.isEmpty()) {
      return Outcome.UNCHANGED;
    }
    for (Plan plan : plans) {
      write(plan);
    }
    Instant writtenAt = clock.instant();
    for (Plan plan : plans) {
      for (String key : plan.revoked) {
        delete(ObjectKeys.config(plan.type, key));
      }
    }
    boolean wroteDocuments = false;
    List<ConfigPublished> announcements = new ArrayList<>(plans.size());
    for (Plan plan : plans) {
      wroteDocuments |= !plan.writeKeys.isEmpty() && plan.announce;
      if (plan.announce) {
        announcements.add(plan.announcement(snapshot.get(), trigger, writtenAt));
      }
    }
    announcer.announceAll(
        announcements,
        (announcement, offset) -> {
          catalogue.recorded(announcement, offset);
          published.increment();
        });
    boolean announced = !announcements.isEmpty();
    if (wroteDocuments) {
      for (Instant changedAt : trigger.changedAt()) {
        lag.record(Duration.between(changedAt, writtenAt));
      }
    }
    return announced ? Outcome.PUBLISHED : Outcome.REWRITTEN;
  }

  private boolean publishedAtLeast(String environmentId, long version) {
    for (SdkType type : SdkType.values()) {
      Optional<ConfigPublished> current = catalogue.get(environmentId, type);
      if (current.isEmpty() || current.get().version() < version) {
        return false;
      }
    }
    return true;
  }

  private Optional<Snapshot> snapshot(String environmentId) {
    long start = System.nanoTime();
    try {
      return management.snapshot(environmentId);
    } catch (ManagementApiException e) {
      throw new PublishException(PublishException.Stage.SNAPSHOT, e.getMessage(), e);
    } finally {
      snapshotTimer.record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** What to do for one type, or null when it is already published as it should be. */
  private @Nullable Plan plan(
      Snapshot snapshot, SdkType type, BuiltDocument document, boolean forced, Instant now) {
    List<PublishedKey> keys = validKeys(snapshot, type, now);
    ConfigPublished current = catalogue.get(snapshot.environmentId(), type).orElse(null);
    if (current == null) {
      return new Plan(type, document, keys, keyNames(keys), List.of(), null, true);
    }
    if (document.version() < current.version()) {
      skippedStale.increment();
      log.debug(
          "{} {} v{} not written: v{} is published",
          snapshot.environmentId(),
          type.wireName(),
          document.version(),
          current.version());
      return null;
    }
    List<String> revoked = new ArrayList<>(keyNames(current.keys()));
    revoked.removeAll(keyNames(keys));
    if (document.version() > current.version()) {
      return new Plan(type, document, keys, keyNames(keys), revoked, null, true);
    }
    boolean sameBytes = document.etag().equals(current.etag());
    boolean sameKeys = keys.equals(current.keys());
    if (forced) {
      // A rebuild rewrites the objects of the published version: identical bytes (repairs a
      // bucket that lost objects), or the same data in a new document format. It is announced
      // only when what readers see changed.
      return new Plan(type, document, keys, keyNames(keys), revoked, null, !sameBytes || !sameKeys);
    }
    if (sameKeys) {
      skippedUnchanged.increment();
      return null;
    }
    // same version, same document: only the valid keys changed (a rotated key expired)
    List<String> added = new ArrayList<>(keyNames(keys));
    added.removeAll(keyNames(current.keys()));
    if (!added.isEmpty()) {
      log.warn(
          "{} {}: keys {} appeared without a new config version; they get objects at v{}",
          snapshot.environmentId(),
          type.wireName(),
          added.size(),
          current.version());
    }
    return new Plan(type, document, keys, added, revoked, current, true);
  }

  /** The snapshot's keys of a type that have not expired, the current key first. */
  private static List<PublishedKey> validKeys(Snapshot snapshot, SdkType type, Instant now) {
    List<PublishedKey> keys = new ArrayList<>();
    for (Snapshot.Key key : snapshot.keys()) {
      if (key.type().equals(type.wireName())
          && (key.expiresAt() == null || key.expiresAt().isAfter(now))) {
        keys.add(new PublishedKey(key.key(), key.expiresAt()));
      }
    }
    keys.sort(
        Comparator.comparing(
                (PublishedKey key) -> key.expiresAt() == null ? Instant.MAX : key.expiresAt())
            .reversed()
            .thenComparing(PublishedKey::key));
    return List.copyOf(keys);
  }

  private static List<String> keyNames(List<PublishedKey> keys) {
    List<String> names = new ArrayList<>(keys.size());
    for (PublishedKey key : keys) {
      names.add(key.key());
    }
    return names;
  }

  private void write(Plan plan) {
    StoredObject object =
        new StoredObject(plan.document.body(), CONTENT_TYPE, plan.document.contentEncoding());
    for (String key : plan.writeKeys) {
      String objectKey = ObjectKeys.config(plan.type, key);
      try {
        store.put(objectKey, object);
      } catch (ObjectStoreException | IllegalArgumentException e) {
        throw new PublishException(PublishException.Stage.STORE, "cannot write " + objectKey, e);
      }
    }
  }

  private void delete(String objectKey) {
    try {
      store.delete(objectKey);
    } catch (ObjectStoreException | IllegalArgumentException e) {
      throw new PublishException(PublishException.Stage.STORE, "cannot delete " + objectKey, e);
    }
  }

  /** Deletes every object of a deleted environment, then announces tombstones. */
  private Outcome unpublish(String environmentId) {
    boolean any = false;
    for (SdkType type : SdkType.values()) {
      Optional<ConfigPublished> current = catalogue.get(environmentId, type);
      if (current.isEmpty()) {
        continue;
      }
      for (PublishedKey key : current.get().keys()) {
        delete(ObjectKeys.config(type, key.key()));
      }
      long offset = announcer.tombstone(environmentId, type);
      catalogue.removed(environmentId, type, offset);
      removed.increment();
      any = true;
    }
    if (any) {
      log.info("environment {} is gone: its documents were removed", environmentId);
    }
    return any ? Outcome.REMOVED : Outcome.ABSENT;
  }

  /**
   * One type's publication.
   *
   * @param keys the valid keys, announced
   * @param writeKeys the keys whose object is written
   * @param revoked the keys whose object is deleted
   * @param keep the announcement whose document stays (only the keys change), or null
   * @param announce whether readers must be told (false for a rewrite of identical bytes)
   */
  private record Plan(
      SdkType type,
      BuiltDocument document,
      List<PublishedKey> keys,
      List<String> writeKeys,
      List<String> revoked,
      @Nullable ConfigPublished keep,
      boolean announce) {

    ConfigPublished announcement(Snapshot snapshot, Trigger trigger, Instant writtenAt) {
      String objectKey = keys.isEmpty() ? null : ObjectKeys.config(type, keys.get(0).key());
      if (keep != null) {
        return new ConfigPublished(
            keep.environmentId(),
            document.projectKey(),
            document.environmentKey(),
            keep.sdkType(),
            keep.version(),
            keep.etag(),
            objectKey,
            keep.size(),
            keys,
            keep.changedAt(),
            keep.publishedAt());
      }
      Instant changedAt = writtenAt;
      for (Instant instant : trigger.changedAt()) {
        changedAt = instant; // the newest change (they come in order)
      }
      return new ConfigPublished(
          snapshot.environmentId(),
          document.projectKey(),
          document.environmentKey(),
          type.wireName(),
          document.version(),
          document.etag(),
          objectKey,
          document.size(),
          keys,
          changedAt,
          writtenAt);
    }
  }

  /** The environments with at least one published document (what a rebuild must also visit). */
  public Set<String> publishedEnvironmentIds() {
    return catalogue.environmentIds();
  }
}
