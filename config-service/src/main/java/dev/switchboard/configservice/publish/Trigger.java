package dev.switchboard.configservice.publish;

import java.time.Instant;
import java.util.List;

/**
 * Why an environment is refreshed.
 *
 * @param version the newest config version the caller knows of (-1: unknown); when every document
 *     of the environment is already published at this version or later, nothing is fetched
 * @param changedAt when the coalesced changes committed (for the publish-lag metric)
 * @param forced a rebuild: documents of the published version are written again when their bytes
 *     differ (after a change of the document format)
 */
public record Trigger(long version, List<Instant> changedAt, boolean forced) {
  public Trigger {
    changedAt = List.copyOf(changedAt);
  }

  /** One or more coalesced change events up to {@code version}. */
  public static Trigger changes(long version, List<Instant> changedAt) {
    return new Trigger(version, changedAt, false);
  }

  /** A rebuild requested by an operator or by a changed schema version. */
  public static Trigger rebuild() {
    return new Trigger(-1, List.of(), true);
  }

  /** A check of the keys (expiry): republish when the valid keys changed. */
  static Trigger keyCheck() {
    return new Trigger(-1, List.of(), false);
  }
}
