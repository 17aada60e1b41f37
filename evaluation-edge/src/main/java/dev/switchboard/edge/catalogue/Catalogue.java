package dev.switchboard.edge.catalogue;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.web.EdgeException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the edge knows from {@code switchboard.config-published}: the newest announcement per
 * environment and SDK type, which keys may read it, and the documents held in memory (L1).
 *
 * <p>Writes come from the one catalogue consumer thread and the loader threads; reads (every
 * request) are lock-free map lookups.
 */
public final class Catalogue {
  private static final Logger log = LoggerFactory.getLogger(Catalogue.class);

  private final Clock clock;
  private final Map<String, ConfigPublished> announced = new ConcurrentHashMap<>();
  private final Map<String, HeldConfig> held = new ConcurrentHashMap<>();
  private final Map<String, KeyGrant> keys = new ConcurrentHashMap<>();
  private final List<CatalogueListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean complete;

  public Catalogue(Clock clock) {
    this.clock = clock;
  }

  public void addListener(CatalogueListener listener) {
    listeners.add(listener);
  }

  /**
   * Takes a new announcement: its key list replaces the previous one at once (so a revoked key
   * stops working before the new document is even loaded), and a load is requested when the version
   * is newer than the document held. Older announcements than the one known are ignored.
   */
  public void announce(ConfigPublished published) {
    SdkType type = SdkType.fromWireName(published.sdkType());
    String recordKey = ObjectKeys.publishedRecordKey(published.environmentId(), type);
    Set<String> removed = new HashSet<>();
    synchronized (this) {
      ConfigPublished previous = announced.get(recordKey);
      if (previous != null && previous.version() > published.version()) {
        log.info(
            "ignored announcement of {} version {}: version {} is already announced",
            recordKey,
            published.version(),
            previous.version());
        return;
      }
      announced.put(recordKey, published);
      Set<String> current = new HashSet<>();
      for (PublishedKey key : published.keys()) {
        current.add(key.key());
        keys.put(
            key.key(),
            new KeyGrant(
                key.key(),
                published.environmentId(),
                published.projectKey(),
                published.environmentKey(),
                type,
                key.expiresAt()));
      }
      if (previous != null) {
        for (PublishedKey key : previous.keys()) {
          if (!current.contains(key.key()) && removeGrant(key.key(), recordKey)) {
            removed.add(key.key());
          }
        }
      }
    }
    if (!removed.isEmpty()) {
      listeners.forEach(listener -> listener.keysRemoved(removed));
    }
    if (needsLoad(recordKey)) {
      listeners.forEach(listener -> listener.loadNeeded(recordKey));
    }
  }

  /** A tombstone: the environment is gone; its keys and documents are dropped. */
  public void remove(String recordKey) {
    Set<String> removed = new HashSet<>();
    synchronized (this) {
      ConfigPublished previous = announced.remove(recordKey);
      held.remove(recordKey);
      if (previous != null) {
        for (PublishedKey key : previous.keys()) {
          if (removeGrant(key.key(), recordKey)) {
            removed.add(key.key());
          }
        }
      }
    }
    log.info("environment entry {} deleted: {} keys removed", recordKey, removed.size());
    if (!removed.isEmpty()) {
      listeners.forEach(listener -> listener.keysRemoved(removed));
    }
  }

  private boolean removeGrant(String key, String recordKey) {
    KeyGrant grant = keys.get(key);
    return grant != null && grant.recordKey().equals(recordKey) && keys.remove(key, grant);
  }

  /**
   * The grant of {@code key} if it is known, of {@code type}, and not expired; {@code null}
   * otherwise. Callers answer every {@code null} the same way, so an unknown key cannot be told
   * from a revoked one.
   */
  public @Nullable KeyGrant authorize(@Nullable String key, SdkType type) {
    if (key == null) {
      return null;
    }
    KeyGrant grant = keys.get(key);
    if (grant == null && !complete) {
      // Until the catalogue has been read to its end (a fresh or restarted edge), an unknown key
      // may simply not have been read yet: answer "retry shortly", never the permanent 401 that
      // makes SDKs give up.
      throw EdgeException.notReady();
    }
    if (grant == null || grant.type() != type || !grant.validAt(clock.instant())) {
      return null;
    }
    return grant;
  }

  /** The catalogue has been read to the end once: from now on an unknown key is unknown. */
  public void markComplete() {
    complete = true;
  }

  /** Whether {@code key} is a known key of either type that has not expired. */
  public boolean isValidKey(@Nullable String key) {
    KeyGrant grant = key == null ? null : keys.get(key);
    return grant != null && grant.validAt(clock.instant());
  }

  /** The document held for {@code recordKey}, or {@code null} if none is loaded yet. */
  public @Nullable HeldConfig held(String recordKey) {
    return held.get(recordKey);
  }

  /** The newest announcement for {@code recordKey}, or {@code null}. */
  public @Nullable ConfigPublished announced(String recordKey) {
    return announced.get(recordKey);
  }

  /** Whether the newest announcement names a version newer than the document held. */
  public boolean needsLoad(String recordKey) {
    ConfigPublished want = announced.get(recordKey);
    HeldConfig have = held.get(recordKey);
    return want != null && (have == null || have.version() < want.version());
  }

  /**
   * Installs a loaded document if it is newer than the one held and its entry still exists; tells
   * the listeners.
   *
   * @return whether it was installed
   */
  public boolean install(HeldConfig config) {
    boolean installed;
    synchronized (this) {
      if (!announced.containsKey(config.recordKey())) {
        return false;
      }
      HeldConfig have = held.get(config.recordKey());
      installed = have == null || have.version() < config.version();
      if (installed) {
        held.put(config.recordKey(), config);
      }
    }
    if (installed) {
      listeners.forEach(listener -> listener.configInstalled(config));
    }
    return installed;
  }

  /** The documents held in memory. */
  public java.util.Collection<HeldConfig> heldConfigs() {
    return held.values();
  }

  /** How many documents are held in memory. */
  public int heldCount() {
    return held.size();
  }

  /** How many announced documents are not held at their announced version. */
  public int missingCount() {
    int missing = 0;
    for (String recordKey : announced.keySet()) {
      if (needsLoad(recordKey)) {
        missing++;
      }
    }
    return missing;
  }

  /** How many keys are known. */
  public int keyCount() {
    return keys.size();
  }
}
