package dev.switchboard.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} as the WHATWG HTML "server-sent events" section specifies
 * (field parsing, multi-line data, {@code id} persistence, {@code retry}, comments) and hands each
 * dispatched event to a {@link Handler}. Blocks on the stream; returns when it ends.
 */
final class SseParser {
  /** Receives what the stream carries. */
  interface Handler {
    void onEvent(String type, String data, @Nullable String lastEventId);

    void onRetry(long millis);

    /** Any line at all, including comments (heartbeats): the connection is alive. */
    default void onActivity() {}
  }

  private SseParser() {}

  static void read(InputStream in, @Nullable String lastEventId, Handler handler)
      throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
    StringBuilder data = new StringBuilder();
    String type = "";
    String eventId = lastEventId;
    boolean first = true;
    for (String line; (line = reader.readLine()) != null; ) {
      if (first) {
        first = false;
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
      }
      handler.onActivity();
      if (line.isEmpty()) {
        if (data.length() > 0) {
          data.setLength(data.length() - 1); // the trailing line feed
          handler.onEvent(type.isEmpty() ? "message" : type, data.toString(), eventId);
        }
        data.setLength(0);
        type = "";
        continue;
      }
      if (line.charAt(0) == ':') {
        continue; // comment, e.g. a heartbeat
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = "";
      if (colon >= 0) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      switch (field) {
        case "event" -> type = value;
        case "data" -> data.append(value).append('\n');
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            eventId = value;
          }
        }
        case "retry" -> {
          if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
              handler.onRetry(Long.parseLong(value));
            } catch (NumberFormatException ignored) {
              // more digits than a long holds: ignored, as the spec ignores invalid retry fields
            }
          }
        }
        default -> {
          // unknown fields are ignored (spec)
        }
      }
    }
  }
}
