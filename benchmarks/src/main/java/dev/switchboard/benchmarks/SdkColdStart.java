package dev.switchboard.benchmarks;

import dev.switchboard.sdk.SwitchboardClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Cold start of Switchboard's SDK, as the peer benchmark measures it: from {@code
 * SwitchboardClient.builder(...).build()} to the first evaluation that returns the configured value
 * (a rule-1 user getting {@code treatment-a}), against a {@link LocalEdge} on 127.0.0.1. The edge
 * runs in a JVM of its own, started and idle before the clock starts, so the figure is the SDK's
 * start-up only: class loading, the HTTP download and {@code Config.parse}. Run in a fresh JVM each
 * time; prints the cold and a warm (second client) figure. With the argument {@code launchdarkly}
 * it measures LaunchDarkly's SDK the way the peer benchmark does ({@link LaunchDarklySdk}: {@code
 * FileData} from the classpath, no server), for a same-machine, same-load reference. The commands
 * are in docs/performance.md ("Cold start").
 */
public final class SdkColdStart {
  private static final long TIMEOUT_NANOS = 30_000_000_000L;

  private SdkColdStart() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(Sdks.LAUNCHDARKLY)) {
      double cold = measurePeer();
      double warm = measurePeer();
      System.out.printf("INIT launchdarkly cold_ms=%.1f warm_ms=%.1f%n", cold, warm);
      System.exit(0);
    }
    Process edge = startEdge();
    try {
      URI uri = edgeUri(edge);
      awaitIdle(edge);
      double cold = measure(uri);
      double warm = measure(uri);
      System.out.printf("INIT switchboard-sdk cold_ms=%.1f warm_ms=%.1f%n", cold, warm);
    } finally {
      edge.destroy();
    }
    System.exit(0);
  }

  /** {@link LocalEdge#main} in a child JVM: the same Java and classpath as this one. */
  private static Process startEdge() throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new ProcessBuilder(
            List.of(java, "-cp", System.getProperty("java.class.path"), LocalEdge.class.getName()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static URI edgeUri(Process edge) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(edge.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException("the local edge exited before it was ready");
    }
    return URI.create(line.trim());
  }

  /**
   * Waits until the edge's JVM has used no more than 2 ms of CPU in 100 ms (its JIT and GC threads
   * are done with its start-up), so that it does not compete with the measured start-up.
   */
  private static void awaitIdle(Process edge) throws InterruptedException {
    Duration last = Duration.ZERO;
    for (int i = 0; i < 100; i++) {
      Thread.sleep(100);
      Duration used = edge.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
      if (i > 0 && used.minus(last).toMillis() <= 2) {
        return;
      }
      last = used;
    }
  }

  private static double measurePeer() throws Exception {
    LaunchDarklySdk sdk = new LaunchDarklySdk();
    try {
      long start = System.nanoTime();
      sdk.start();
      Object probe =
          sdk.context(new User("init-probe", "probe@example.com", "US", "1.0.0", "free"));
      while (!"treatment-a".equals(sdk.evaluate((com.launchdarkly.sdk.LDContext) probe))) {
        if (System.nanoTime() - start > TIMEOUT_NANOS) {
          throw new IllegalStateException("not ready after 30 s");
        }
        Thread.sleep(0, 100_000);
      }
      return (System.nanoTime() - start) / 1e6;
    } finally {
      sdk.close();
    }
  }

  private static double measure(URI edge) throws Exception {
    long start = System.nanoTime();
    try (SwitchboardClient client =
        SwitchboardClient.builder(LocalEdge.SERVER_KEY).baseUri(edge).eventsUri(edge).build()) {
      dev.switchboard.bucketing.User probe =
          dev.switchboard.bucketing.User.builder("init-probe")
              .email("probe@example.com")
              .country("US")
              .appVersion("1.0.0")
              .attribute("plan", "free")
              .build();
      while (!"treatment-a".equals(client.stringValue(probe, FlagSdk.FLAG_KEY, "x"))) {
        if (System.nanoTime() - start > TIMEOUT_NANOS) {
          throw new IllegalStateException("not ready after 30 s");
        }
        Thread.sleep(0, 100_000);
      }
      return (System.nanoTime() - start) / 1e6;
    }
  }
}
