package dev.switchboard.configservice.snapshot;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One environment's state at one config version, as management-api's snapshot endpoint reads it in
 * one transaction: the server document and the SDK keys that work now.
 *
 * @param environmentId the environment's id
 * @param configVersion the document's version
 * @param keys the valid SDK keys (rotated ones until they expire)
 * @param document the server config document (docs/config-format.md) as UTF-8 JSON, exactly as
 *     management-api sent it: the part of the answer it was in (not copied)
 */
public record Snapshot(
    String environmentId, long configVersion, List<Key> keys, ByteBuffer document) {

  /**
   * @param type {@code server} or {@code client}
   * @param key the key
   * @param expiresAt when a rotated key stops working; null for the current key
   */
  public record Key(String type, String key, @Nullable Instant expiresAt) {}
}
