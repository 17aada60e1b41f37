package dev.switchboard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the SDK benchmark's setup (with its sanity check) and measured calls, without JMH. */
class SdkEvaluationBenchmarkTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        SdkEvaluationBenchmark.SWITCHBOARD_SDK,
        Sdks.LAUNCHDARKLY,
        SdkEvaluationBenchmark.LAUNCHDARKLY_EVENTS
      })
  void setUpVerifiesTheScenarioThroughThePublicClient(String sdk) throws Exception {
    SdkEvaluationBenchmark benchmark = new SdkEvaluationBenchmark();
    benchmark.sdk = sdk;
    benchmark.setUp();
    try {
      // users[0] is "user-0": email user-0@example.com -> rule 1
      assertThat(benchmark.newCheckout()).isEqualTo("treatment-a");
      for (int k = 1; k < 1024; k++) {
        assertThat(benchmark.newCheckout()).isIn("control", "treatment-a", "treatment-b");
      }
    } finally {
      benchmark.tearDown();
    }
  }
}
