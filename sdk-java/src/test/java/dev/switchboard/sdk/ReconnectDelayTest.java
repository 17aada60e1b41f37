package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream's reconnect schedule: 1 s doubling to 30 s, jitter in the upper half. */
class ReconnectDelayTest {
  private final ConfigFeed feed =
      new ConfigFeed(
          new HttpTransport(Proxy.NO_PROXY, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()),
          URI.create("http://127.0.0.1:1"),
          "server-x",
          true,
          Duration.ofMinutes(1),
          ConfigFeed.DEFAULTS,
          new NoSink(),
          new ThreadNames());

  @AfterEach
  void close() {
    feed.close();
  }

  @Test
  void doublesFromOneSecondUpToThirtyWithJitterInTheUpperHalf() {
    long[] planned = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
    for (int attempt = 1; attempt <= planned.length; attempt++) {
      long expected = planned[attempt - 1];
      for (int sample = 0; sample < 200; sample++) {
        assertThat(feed.reconnectDelayMillis(attempt))
            .as("attempt %d", attempt)
            .isBetween(expected / 2, expected);
      }
    }
    assertThat(feed.reconnectDelayMillis(1_000)).isBetween(15_000L, 30_000L);
  }

  @Test
  void jitterSpreadsReconnects() {
    long first = feed.reconnectDelayMillis(5);
    boolean differs = false;
    for (int sample = 0; sample < 50 && !differs; sample++) {
      differs = feed.reconnectDelayMillis(5) != first;
    }
    assertThat(differs).isTrue();
  }

  private static final class NoSink implements ConfigFeed.Sink {
    @Override
    public void accept(byte[] document, @Nullable String etag) {}

    @Override
    public long currentVersion() {
      return -1;
    }

    @Override
    public @Nullable String currentEtag() {
      return null;
    }

    @Override
    public void updatesFlowing() {}

    @Override
    public void updatesFailing(String message) {}

    @Override
    public void permanentFailure(String message) {}
  }
}
