package dev.switchboard.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A push parser for {@code text/event-stream} as the WHATWG HTML "server-sent events" section
 * specifies it: lines end in CR, LF or CRLF (also across reads), {@code data} lines join with LF,
 * {@code id} persists between events, {@code retry} takes digits only, comments are skipped, and an
 * event is dispatched on a blank line when it has data.
 *
 * <p>All state lives in fields, so the caller can read the socket with a short timeout, feed
 * whatever arrived and carry on after a timeout without losing a partial line.
 */
final class SseParser {
  /** Receives what the stream carries. */
  interface Handler {
    void onEvent(String type, String data, @Nullable String lastEventId);

    void onRetry(long millis);
  }

  private final Handler handler;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private String type = "";
  private @Nullable String lastEventId;
  private boolean lastWasCarriageReturn;
  private boolean firstLine = true;

  SseParser(@Nullable String lastEventId, Handler handler) {
    this.lastEventId = lastEventId;
    this.handler = handler;
  }

  void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        if (lastWasCarriageReturn) {
          lastWasCarriageReturn = false; // the LF of a CRLF
          continue;
        }
        endLine();
      } else if (b == '\r') {
        lastWasCarriageReturn = true;
        endLine();
      } else {
        lastWasCarriageReturn = false;
        line.write(b);
      }
    }
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (firstLine) {
      firstLine = false;
      if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
    }
    processLine(text);
  }

  private void processLine(String text) {
    if (text.isEmpty()) {
      if (data.length() > 0) {
        data.setLength(data.length() - 1); // the trailing line feed
        handler.onEvent(type.isEmpty() ? "message" : type, data.toString(), lastEventId);
      }
      data.setLength(0);
      type = "";
      return;
    }
    if (text.charAt(0) == ':') {
      return; // a comment, such as the edge's heartbeat
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = "";
    if (colon >= 0) {
      int start = colon + 1;
      if (start < text.length() && text.charAt(start) == ' ') {
        start++;
      }
      value = text.substring(start);
    }
    switch (field) {
      case "event" -> type = value;
      case "data" -> data.append(value).append('\n');
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.length() < 19 && value.chars().allMatch(Character::isDigit)) {
          handler.onRetry(Long.parseLong(value));
        }
      }
      default -> {
        // unknown fields are ignored (spec)
      }
    }
  }
}
