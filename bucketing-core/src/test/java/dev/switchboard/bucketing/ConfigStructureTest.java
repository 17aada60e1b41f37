package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The structural look-ups an SDK uses to size its per-variation counters at load. */
class ConfigStructureTest {

  @Test
  void namesTheFeatureThatOwnsAVariable() {
    Config config = Documents.parse(Documents.feature("[]"));
    assertThat(config.variableFeatureKey("v")).isEqualTo("f");
    assertThat(config.variableFeatureKey("nope")).isNull();
  }

  @Test
  void listsAFeaturesVariationKeysInDocumentOrder() {
    Config config = Documents.parse(Documents.feature("[]"));
    assertThat(config.variationKeys("f")).containsExactly("a", "b", "c");
    assertThat(config.variationKeys("nope")).isEmpty();
  }

  @Test
  void servedVariationKeysAreTheListedInstances() {
    Config config =
        Documents.parse(Documents.feature(Documents.ruleServingB("{\"type\": \"all\"}")));
    Evaluation<String> served =
        Evaluator.of(config).stringVariable(User.builder("u").build(), "v", "x");
    // the SDK finds a counter slot by identity first, so the engine must hand out the same String
    assertThat(served.variationKey()).isSameAs(config.variationKeys("f").get(1));
  }
}
