package dev.switchboard.benchmarks;

import dev.switchboard.sdk.SwitchboardClient;

/**
 * Cold start of Switchboard's SDK, as the peer benchmark measures it: from {@code
 * SwitchboardClient.builder(...).build()} to the first evaluation that returns the configured value
 * (a rule-1 user getting {@code treatment-a}), against a {@link LocalEdge} on 127.0.0.1 (its
 * start-up is not timed). Includes class loading, the HTTP download and {@code Config.parse}. Run
 * in a fresh JVM each time: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.switchboard.benchmarks.SdkColdStart}; prints the cold and a warm (second client) figure. With
 * the argument {@code launchdarkly} it measures LaunchDarkly's SDK the way the peer benchmark does
 * ({@link LaunchDarklySdk}: {@code FileData} from the classpath), for a same-machine, same-load
 * reference.
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
    try (LocalEdge edge = new LocalEdge(SwitchboardSdk.readConfig())) {
      double cold = measure(edge);
      double warm = measure(edge);
      System.out.printf("INIT switchboard-sdk cold_ms=%.1f warm_ms=%.1f%n", cold, warm);
    }
    System.exit(0);
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

  private static double measure(LocalEdge edge) throws Exception {
    long start = System.nanoTime();
    try (SwitchboardClient client =
        SwitchboardClient.builder(LocalEdge.SERVER_KEY)
            .baseUri(edge.uri())
            .eventsUri(edge.uri())
            .build()) {
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
