package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The event-stream rules of the WHATWG HTML "server-sent events" section. */
class SseParserTest {
  private final List<String> events = new ArrayList<>();
  private final List<Long> retries = new ArrayList<>();
  private final SseParser.Handler handler =
      new SseParser.Handler() {
        @Override
        public void onEvent(String type, String data, @Nullable String lastEventId) {
          events.add(type + "|" + data + "|" + lastEventId);
        }

        @Override
        public void onRetry(long millis) {
          retries.add(millis);
        }
      };

  private void feed(SseParser parser, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    parser.feed(bytes, 0, bytes.length);
  }

  @Test
  void readsTheEdgesConfigUpdatedFrames() {
    SseParser parser = new SseParser(null, handler);
    feed(
        parser,
        "retry: 3000\n\nevent: config-updated\nid: 42\ndata: {\"version\":42,\"etag\":\"x\"}\n\n"
            + ": heartbeat\n\n");
    assertThat(retries).containsExactly(3000L);
    assertThat(events).containsExactly("config-updated|{\"version\":42,\"etag\":\"x\"}|42");
  }

  @Test
  void keepsPartialLinesAcrossReadsAndAcceptsEveryLineEnding() {
    SseParser parser = new SseParser("7", handler);
    feed(parser, "data: one\r");
    feed(parser, "\ndata: two\rdata");
    feed(parser, ":three\n\r\n");
    assertThat(events).containsExactly("message|one\ntwo\nthree|7");
  }

  @Test
  void ignoresCommentsUnknownFieldsEmptyEventsAndInvalidRetries() {
    SseParser parser = new SseParser(null, handler);
    feed(parser, ":comment\nfoo: bar\nretry: 12a\n\nevent: x\n\nid: 3\ndata\n\n");
    assertThat(retries).isEmpty();
    assertThat(events).containsExactly("message||3");
  }

  @Test
  void theIdPersistsAndAnIdWithNulIsIgnored() {
    SseParser parser = new SseParser(null, handler);
    feed(parser, "id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000\ndata: c\n\n");
    assertThat(events).containsExactly("message|a|1", "message|b|1", "message|c|1");
  }

  @Test
  void dropsALeadingByteOrderMarkAndDecodesUtf8SplitAcrossReads() {
    SseParser parser = new SseParser(null, handler);
    byte[] bytes = "\uFEFFdata: grüße\n\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      parser.feed(new byte[] {b}, 0, 1);
    }
    assertThat(events).containsExactly("message|grüße|null");
  }
}
