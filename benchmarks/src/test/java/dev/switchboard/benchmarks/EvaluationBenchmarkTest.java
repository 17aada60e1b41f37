package dev.switchboard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the benchmark's setup (with its sanity check) and one measured call, without JMH. */
class EvaluationBenchmarkTest {

  @ParameterizedTest
  @ValueSource(strings = {Sdks.SWITCHBOARD, Sdks.LAUNCHDARKLY})
  void setUpVerifiesTheScenarioAndBothFlagsServeTheirVariations(String sdk) throws Exception {
    EvaluationBenchmark benchmark = new EvaluationBenchmark();
    benchmark.sdk = sdk;
    benchmark.setUp();
    try {
      // users[0] is "user-0": email user-0@example.com -> rule 1
      assertThat(benchmark.newCheckout()).isEqualTo("treatment-a");
      for (int k = 1; k < 1024; k++) {
        assertThat(benchmark.newCheckout()).isIn("control", "treatment-a", "treatment-b");
      }
      for (int k = 0; k < 1024; k++) {
        assertThat(benchmark.booleanFlag()).isTrue();
      }
    } finally {
      benchmark.tearDown();
    }
  }
}
