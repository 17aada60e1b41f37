package dev.switchboard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the benchmark's setup (with its sanity check) and one measured call, without JMH. */
class NewCheckoutBenchmarkTest {

  @ParameterizedTest
  @ValueSource(strings = {Sdks.SWITCHBOARD, Sdks.LAUNCHDARKLY})
  void setUpVerifiesTheScenarioAndEvaluateServesAVariation(String sdk) throws Exception {
    NewCheckoutBenchmark benchmark = new NewCheckoutBenchmark();
    benchmark.sdk = sdk;
    benchmark.setUp();
    try {
      // users[0] is "user-0": email user-0@example.com -> rule 1
      assertThat(benchmark.evaluate()).isEqualTo("treatment-a");
      for (int k = 1; k < 1024; k++) {
        assertThat(benchmark.evaluate()).isIn("control", "treatment-a", "treatment-b");
      }
    } finally {
      benchmark.tearDown();
    }
  }
}
