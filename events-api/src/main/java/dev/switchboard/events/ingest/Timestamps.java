package dev.switchboard.events.ingest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses a batch's ISO-8601 timestamps once per distinct text: an SDK's counts share a few window
 * bounds, and {@link Instant#parse} is the most expensive step of reading a batch (measured with
 * JFR under the load driver). One instance per request; not thread-safe.
 */
final class Timestamps {
  private static final Instant INVALID = Instant.MIN;
  private final Map<String, Instant> parsed = new HashMap<>();

  /** The instant, or null when {@code text} is not an ISO-8601 instant. */
  @Nullable Instant parse(String text) {
    Instant instant = parsed.get(text);
    if (instant == null) {
      try {
        instant = Instant.parse(text);
      } catch (DateTimeParseException e) {
        instant = INVALID;
      }
      parsed.put(text, instant);
    }
    return instant == INVALID ? null : instant;
  }
}
