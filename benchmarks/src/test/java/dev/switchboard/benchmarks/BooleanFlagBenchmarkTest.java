package dev.switchboard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the benchmark's setup (with its sanity check) and one measured call, without JMH. */
class BooleanFlagBenchmarkTest {

  @ParameterizedTest
  @ValueSource(strings = {Sdks.SWITCHBOARD, Sdks.LAUNCHDARKLY})
  void setUpVerifiesTheScenarioAndEvaluateServesTrue(String sdk) throws Exception {
    BooleanFlagBenchmark benchmark = new BooleanFlagBenchmark();
    benchmark.sdk = sdk;
    benchmark.setUp();
    try {
      assertThat(benchmark.evaluate()).isTrue();
    } finally {
      benchmark.tearDown();
    }
  }
}
