package dev.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devstack.DevStack;
import dev.switchboard.sdk.SwitchboardClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The propagation benchmark of issue 10: time from a REST write's response to the change listener
 * of every connected client, over {@code e2e.changes} kill-switch toggles: for real SDK clients
 * (each with its own stream; {@code e2e.sdkClients}, default 1 and 100) and for {@link
 * LightClients} that refetch like the SDK ({@code e2e.lightClients}, default 1,000). Not part of
 * {@code ./mvnw verify}; run it with
 *
 * <pre>
 * ./mvnw -pl e2e-harness -am verify -De2e.benchmark=true -Dit.test=PropagationBenchmarkIT \
 *   -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Results go to stdout and {@code e2e-harness/target/propagation.md}.
 */
@EnabledIfSystemProperty(named = "e2e.benchmark", matches = "true")
class PropagationBenchmarkIT {

  @Test
  void propagation() throws Exception {
    int changes = Integer.getInteger("e2e.changes", 1_000);
    DevStack stack = SharedStack.get();
    Platform platform = new Platform(stack);
    StringBuilder report =
        new StringBuilder(
            "| clients | changes | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
    for (int clients : counts("e2e.sdkClients", "1,100")) {
      measure(stack, platform, changes, clients, false, report);
    }
    for (int clients : counts("e2e.lightClients", "1000")) {
      measure(stack, platform, changes, clients, true, report);
    }
    Files.writeString(Path.of("target", "propagation.md"), report);
  }

  private static void measure(
      DevStack stack,
      Platform platform,
      int changes,
      int clients,
      boolean light,
      StringBuilder report)
      throws Exception {
    String project = platform.newProject("propagation");
    platform.call(
        "POST",
        "/projects/" + project + "/features",
        """
        {"key": "flag", "name": "flag",
         "variables": [{"key": "flag", "type": "boolean"}],
         "variations": [{"key": "off", "values": {"flag": false}},
                        {"key": "on", "values": {"flag": true}}]}
        """,
        201);
    String serverKey = platform.key(project, "production", "server");
    platform.awaitServed(serverKey);
    Listener listener = new Listener();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      if (light) {
        LightClients many =
            new LightClients(URI.create(stack.edgeUrl()), serverKey, clients, listener::arrived);
        started.add(many);
        many.awaitInitialization(Duration.ofSeconds(60));
      } else {
        for (int i = 0; i < clients; i++) {
          SwitchboardClient sdk =
              SwitchboardClient.builder(serverKey)
                  .baseUri(URI.create(stack.edgeUrl()))
                  .sendEvents(false)
                  .build();
          sdk.addChangeListener(change -> listener.arrived(change.version()));
          started.add(sdk);
          assertThat(sdk.awaitInitialization(Duration.ofSeconds(60))).isTrue();
        }
      }
      long[] latencies = new long[changes * clients];
      int n = 0;
      for (int change = 0; change < changes + 20; change++) { // 20 warm-up changes
        CountDownLatch all = listener.expect(clients);
        String path =
            "/projects/"
                + project
                + "/features/flag/targeting/production/"
                + (change % 2 == 0 ? "on" : "off");
        platform.call("POST", path, null, 200);
        long responded = System.nanoTime();
        assertThat(all.await(30, TimeUnit.SECONDS))
            .as("change " + change + " reached all")
            .isTrue();
        if (change >= 20) {
          for (long arrival : listener.arrivals()) {
            latencies[n++] = arrival - responded;
          }
        }
      }
      Arrays.sort(latencies, 0, n);
      report.append(
          String.format(
              "| %d %s | %d | %.1f | %.1f | %.1f |%n",
              clients,
              light ? "light clients" : "SDK clients",
              changes,
              ms(latencies[n / 2]),
              ms(latencies[(int) (n * 0.99)]),
              ms(latencies[n - 1])));
      System.out.println(report);
    } finally {
      for (AutoCloseable client : started) {
        client.close();
      }
    }
  }

  private static int[] counts(String property, String defaults) {
    String value = System.getProperty(property, defaults).trim();
    return value.isEmpty()
        ? new int[0]
        : Arrays.stream(value.split(",")).mapToInt(c -> Integer.parseInt(c.trim())).toArray();
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  /**
   * Counts each client's first notification of a version above the newest one seen before the
   * change.
   */
  private static final class Listener {
    private final AtomicLong newest = new AtomicLong(-1);
    private volatile long threshold = Long.MAX_VALUE;
    private volatile CountDownLatch latch = new CountDownLatch(0);
    private final List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());

    CountDownLatch expect(int clients) {
      arrivals.clear();
      latch = new CountDownLatch(clients);
      threshold = newest.get();
      return latch;
    }

    void arrived(long version) {
      long now = System.nanoTime();
      newest.accumulateAndGet(version, Math::max);
      if (version > threshold && latch.getCount() > 0) {
        arrivals.add(now);
        latch.countDown();
      }
    }

    List<Long> arrivals() {
      synchronized (arrivals) {
        return new ArrayList<>(arrivals);
      }
    }
  }
}
