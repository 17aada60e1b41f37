package dev.switchboard.edge.catalogue;

import dev.switchboard.contracts.SdkType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an SDK key may read, as the newest announcement of its environment says.
 *
 * @param key the SDK key
 * @param environmentId the environment it belongs to
 * @param projectKey the environment's project
 * @param environmentKey the environment's key
 * @param type which document it reads
 * @param expiresAt when a rotated key stops working; {@code null} for the current key
 */
public record KeyGrant(
    String key,
    String environmentId,
    String projectKey,
    String environmentKey,
    SdkType type,
    @Nullable Instant expiresAt) {

  /** The catalogue entry ({@code environmentId:type}) this key reads. */
  public String recordKey() {
    return environmentId + ":" + type.wireName();
  }

  boolean validAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }
}
