package dev.switchboard.benchmarks;

import dev.switchboard.sdk.SwitchboardClient;
import java.time.Duration;

/**
 * Switchboard's Java SDK through its public API ({@code SwitchboardClient.stringValue}), with
 * events on: the client downloads the documented {@code new-checkout} example from a {@link
 * LocalEdge}, keeps a stream open to it and counts every evaluation for its event batches.
 */
public final class SwitchboardClientSdk extends FlagSdk<dev.switchboard.bucketing.User> {
  private LocalEdge edge;
  private SwitchboardClient client;

  @Override
  public void start() throws Exception {
    edge = new LocalEdge(SwitchboardSdk.readConfig());
    client =
        SwitchboardClient.builder(LocalEdge.SERVER_KEY)
            .baseUri(edge.uri())
            .eventsUri(edge.uri())
            .sendEvents(true)
            .build();
    if (!client.awaitInitialization(Duration.ofSeconds(10))) {
      throw new IllegalStateException("Switchboard client did not initialize");
    }
  }

  @Override
  public dev.switchboard.bucketing.User context(User u) {
    return dev.switchboard.bucketing.User.builder(u.key())
        .email(u.email())
        .country(u.country())
        .appVersion(u.appVersion())
        .attribute("plan", u.plan())
        .build();
  }

  @Override
  public String evaluate(dev.switchboard.bucketing.User context) {
    return client.stringValue(context, FLAG_KEY, FALLBACK);
  }

  @Override
  public boolean evaluateBoolean(dev.switchboard.bucketing.User context) {
    return client.booleanValue(context, BOOLEAN_FLAG_KEY, false);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (edge != null) {
      edge.close();
    }
  }
}
