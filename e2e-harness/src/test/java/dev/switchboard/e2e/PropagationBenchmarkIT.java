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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The propagation benchmark of issue 10: time from a REST write's response to the change listener
 * of every connected SDK client, for 1, 100 and 1,000 real SDK clients (each with its own stream),
 * over {@code e2e.changes} kill-switch toggles. Not part of {@code ./mvnw verify}; run it with
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
            "| SDK clients | changes | p50 ms | p99 ms | max ms |\n|---:|---:|---:|---:|---:|\n");
    for (int clients : new int[] {1, 100, 1_000}) {
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
      List<SwitchboardClient> sdks = new ArrayList<>();
      Listener listener = new Listener();
      try {
        for (int i = 0; i < clients; i++) {
          SwitchboardClient sdk =
              SwitchboardClient.builder(serverKey)
                  .baseUri(URI.create(stack.edgeUrl()))
                  .sendEvents(false)
                  .build();
          sdk.addChangeListener(change -> listener.arrived(change.version()));
          sdks.add(sdk);
        }
        for (SwitchboardClient sdk : sdks) {
          assertThat(sdk.awaitInitialization(Duration.ofSeconds(60))).isTrue();
        }
        long[] latencies = new long[changes * clients];
        int n = 0;
        for (int change = 0; change < changes + 20; change++) { // 20 warm-up changes
          long before = sdks.get(0).configVersion();
          CountDownLatch all = listener.expect(before, clients);
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
                "| %d | %d | %.1f | %.1f | %.1f |%n",
                clients,
                changes,
                ms(latencies[n / 2]),
                ms(latencies[(int) (n * 0.99)]),
                ms(latencies[n - 1])));
        System.out.println(report);
      } finally {
        sdks.forEach(SwitchboardClient::close);
      }
    }
    Files.writeString(Path.of("target", "propagation.md"), report);
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  /** Counts each client's first notification of a version above the one before the change. */
  private static final class Listener {
    private volatile long threshold = Long.MAX_VALUE;
    private volatile CountDownLatch latch = new CountDownLatch(0);
    private final List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());

    CountDownLatch expect(long before, int clients) {
      arrivals.clear();
      latch = new CountDownLatch(clients);
      threshold = before;
      return latch;
    }

    void arrived(long version) {
      long now = System.nanoTime();
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
