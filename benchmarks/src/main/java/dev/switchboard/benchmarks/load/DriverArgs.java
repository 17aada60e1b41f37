package dev.switchboard.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The arguments of a driver that runs a service's jar at several rates: {@code <jar> [seconds]
 * [rate ...]}.
 *
 * @param jar the service's runnable jar
 * @param seconds how long each rate runs
 * @param rates the rates, in order
 */
record DriverArgs(Path jar, int seconds, int[] rates) {

  /**
   * The arguments, or null (after printing {@code usage} to standard error) when the first one is
   * not a file.
   */
  static DriverArgs parse(String[] args, String usage, int defaultSeconds, int... defaultRates) {
    if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("usage: " + usage);
      return null;
    }
    return new DriverArgs(
        Path.of(args[0]),
        args.length > 1 ? Integer.parseInt(args[1]) : defaultSeconds,
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : defaultRates);
  }
}
