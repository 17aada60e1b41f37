package dev.switchboard.sdk;

import dev.switchboard.bucketing.User;
import java.time.Duration;

/** Shared users and client settings for the tests that run against an {@link EdgeServer}. */
final class Fixtures {
  static final User ALICE = User.builder("alice").email("alice@example.com").build();
  static final User BOB = User.builder("bob").email("bob@mail.test").build();

  /** Reconnects within milliseconds so that tests of the backoff loop finish quickly. */
  static final ConfigFeed.FeedTimings FAST =
      new ConfigFeed.FeedTimings(
          Duration.ofMillis(20),
          Duration.ofMillis(200),
          Duration.ofMinutes(1),
          Duration.ofSeconds(5));

  private Fixtures() {}

  /** A client of {@code server} with fast reconnects, rare polls and no events. */
  static SwitchboardClient.Builder client(EdgeServer server) {
    return SwitchboardClient.builder(EdgeServer.KEY)
        .baseUri(server.uri())
        .eventsUri(server.uri())
        .feedTimings(FAST)
        .pollIntervalUnchecked(Duration.ofMinutes(10))
        .sendEvents(false);
  }
}
