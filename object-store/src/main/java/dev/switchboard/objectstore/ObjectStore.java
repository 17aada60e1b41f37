package dev.switchboard.objectstore;

import java.util.Optional;

/**
 * Where config documents are stored for SDKs and CDNs to read. Keys are slash-separated paths
 * ({@code config/v1/server/server-abc.json}, see {@code dev.switchboard.contracts.ObjectKeys}).
 * Implementations are thread-safe; every failure of the store is an {@link ObjectStoreException}.
 */
public interface ObjectStore {

  /** Writes (or replaces) the object at {@code key}; visible to readers once this returns. */
  void put(String key, StoredObject object);

  /** The object at {@code key}, or empty if there is none. */
  Optional<StoredObject> get(String key);

  /** Removes the object at {@code key}; removing a missing object is not an error. */
  void delete(String key);
}
