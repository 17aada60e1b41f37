package dev.switchboard.benchmarks;

import dev.switchboard.bucketing.Config;

/**
 * The cost of the first {@code Config.parse} calls in a fresh JVM (what a server pays at start-up
 * or on its first config update), which JMH's steady-state figure hides. Run in a new JVM each
 * time: {@code java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.ColdConfigLoad
 * [parses]}.
 */
public final class ColdConfigLoad {
  private ColdConfigLoad() {}

  public static void main(String[] args) throws Exception {
    int parses = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    byte[] json = ConfigGenerator.generate(ConfigLoadBenchmark.FEATURES);
    StringBuilder times = new StringBuilder();
    for (int k = 1; k <= parses; k++) {
      long start = System.nanoTime();
      Config config = Config.parse(json);
      double millis = (System.nanoTime() - start) / 1e6;
      ConfigLoadBenchmark.verify(config);
      times.append(String.format("%s%.1f", k == 1 ? "" : ", ", millis));
    }
    System.out.printf(
        "Config.parse of %d features (%,d bytes), fresh JVM, ms per parse in order: %s%n",
        ConfigLoadBenchmark.FEATURES, json.length, times);
  }
}
