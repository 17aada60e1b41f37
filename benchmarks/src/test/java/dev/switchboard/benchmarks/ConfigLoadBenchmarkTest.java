package dev.switchboard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bucketing.Config;
import org.junit.jupiter.api.Test;

/** Runs the benchmark's setup (with its validation) and one measured call, without JMH. */
class ConfigLoadBenchmarkTest {

  @Test
  void setUpValidatesTheGeneratedConfigAndParseLoadsIt() throws Exception {
    ConfigLoadBenchmark benchmark = new ConfigLoadBenchmark();
    benchmark.setUp();
    Config config = benchmark.parse();
    ConfigLoadBenchmark.verify(config);
    assertThat(config.featureKeys()).hasSize(1_000).contains("feature-0000", "feature-0999");
    assertThat(config.variableKeys()).hasSize(1_000);
  }
}
