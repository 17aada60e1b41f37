package dev.switchboard.management.change;

import dev.switchboard.management.ManagementProperties;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The serialized server document of each recently written environment at its newest committed
 * {@code configVersion}, so that the snapshot endpoint can hand config-service the bytes the write
 * already built and validated instead of reading and building them again (docs/decisions/0011).
 *
 * <p>Why this is safe: every change to what an environment's document holds bumps its {@code
 * configVersion} in the same transaction (0002), so a committed version names exactly one document.
 * An entry is only ever added with committed data: by a write after its transaction committed (a
 * rolled-back write's version is taken again by the next write, with other content, so it must
 * never get here), or by a snapshot that read it in a read-only transaction. Readers always ask for
 * one version, the one their own transaction sees as current, and get nothing for any other.
 *
 * <p>One entry per environment (its newest version; an older one never replaces a newer one), at
 * most {@code snapshot-cache-size} bytes in all, least recently used out first. Thread-safe.
 */
@Component
class CommittedDocuments {
  /** A committed version of an environment's document. */
  record Entry(long version, byte[] document) {}

  private final long maxBytes;
  private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  CommittedDocuments(ManagementProperties properties) {
    this.maxBytes = properties.snapshotCacheSize().toBytes();
  }

  /** The document of this environment at exactly this version, or null when it is not held. */
  synchronized byte @Nullable [] get(UUID environmentId, long version) {
    Entry entry = entries.get(environmentId);
    return entry != null && entry.version == version ? entry.document : null;
  }

  /**
   * The newest document held for this environment, or null. It may be older than the newest
   * committed version (another instance wrote that one, or its {@code afterCommit} has not run
   * yet): a caller must check that the version it builds on is still current (see {@link
   * ConfigChanges}).
   */
  synchronized @Nullable Entry newest(UUID environmentId) {
    return entries.get(environmentId);
  }

  /**
   * Holds a document of committed data (the caller's transaction must not be able to roll it back:
   * use {@link #putAfterCommit} inside a writing transaction). The bytes are kept, not copied, and
   * must not be changed afterwards.
   */
  synchronized void put(UUID environmentId, long version, byte[] document) {
    if (document.length > maxBytes) {
      return;
    }
    Entry current = entries.get(environmentId);
    if (current != null) {
      if (current.version >= version) {
        return; // a later commit's document arrived first: keep it
      }
      entries.remove(environmentId);
      bytes -= current.document.length;
    }
    entries.put(environmentId, new Entry(version, document));
    bytes += document.length;
    Iterator<Map.Entry<UUID, Entry>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= eldest.next().getValue().document.length;
      eldest.remove();
    }
  }

  /**
   * Holds the document once the current transaction has committed; nothing happens if it rolls
   * back.
   */
  void putAfterCommit(UUID environmentId, long version, byte[] document) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            put(environmentId, version, document);
          }
        });
  }

  /** Drops an environment's document once the current transaction (deleting it) has committed. */
  void removeAfterCommit(UUID environmentId) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            remove(environmentId);
          }
        });
  }

  private synchronized void remove(UUID environmentId) {
    Entry removed = entries.remove(environmentId);
    if (removed != null) {
      bytes -= removed.document.length;
    }
  }
}
