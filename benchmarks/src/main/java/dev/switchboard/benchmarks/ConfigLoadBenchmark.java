package dev.switchboard.benchmarks;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.InvalidConfigException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Config.parse} of a generated document with 1,000 features (see {@link ConfigGenerator}):
 * JSON parsing, validation and preprocessing into the evaluation model.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class ConfigLoadBenchmark {
  static final int FEATURES = 1_000;

  private byte[] json;

  @Setup(Level.Trial)
  public void setUp() throws InvalidConfigException {
    json = ConfigGenerator.generate(FEATURES);
    verify(Config.parse(json));
    System.out.printf(
        "[sanity] generated config OK: %d features, %,d bytes%n", FEATURES, json.length);
  }

  /** Throws unless {@code config} is the generated document, fully usable. */
  static void verify(Config config) {
    if (config.featureKeys().size() != FEATURES || config.variableKeys().size() != FEATURES) {
      throw new IllegalStateException(
          "expected " + FEATURES + " features and variables, got " + config);
    }
    if (!config.warnings().isEmpty()) {
      throw new IllegalStateException("config warnings: " + config.warnings());
    }
    Evaluator evaluator = Evaluator.of(config);
    String last = ConfigGenerator.variableKey(FEATURES - 1);
    String ruleOne =
        evaluator
            .stringVariable(
                dev.switchboard.bucketing.User.builder("u").email("a@example.com").build(),
                last,
                "default")
            .value();
    String ruleFour =
        evaluator
            .stringVariable(
                dev.switchboard.bucketing.User.builder("u")
                    .email("a@mail.test")
                    .country("US")
                    .appVersion("1.0.0")
                    .attribute("plan", "enterprise")
                    .build(),
                last,
                "default")
            .value();
    String expectedOne = "treatment-a-" + (FEATURES - 1);
    String expectedFour = "control-" + (FEATURES - 1);
    if (!expectedOne.equals(ruleOne) || !expectedFour.equals(ruleFour)) {
      throw new IllegalStateException(
          "generated config evaluates wrongly: " + ruleOne + ", " + ruleFour);
    }
  }

  @Benchmark
  public Config parse() throws InvalidConfigException {
    return Config.parse(json);
  }
}
