package dev.switchboard.bucketing;

import org.jspecify.annotations.Nullable;

/** One variable, with the {@link Evaluation} for every outcome of its feature built at load. */
final class VariableModel {
  final String key;
  final VariableType type;
  final FeatureModel feature;
  final int index; // position in feature.variables and in feature.valuesByVariation rows

  private Evaluation<?>[][] ruleResults;
  private @Nullable Evaluation<?> offResult;

  VariableModel(String key, VariableType type, FeatureModel feature, int index) {
    this.key = key;
    this.type = type;
    this.feature = feature;
    this.index = index;
  }

  void precomputeResults() {
    RuleModel[] rules = feature.rules;
    ruleResults = new Evaluation<?>[rules.length][];
    for (int r = 0; r < rules.length; r++) {
      RuleModel rule = rules[r];
      Reason reason = rule.isSplit() ? Reason.SPLIT : Reason.TARGETING_MATCH;
      ruleResults[r] = new Evaluation<?>[rule.variations.length];
      for (int c = 0; c < rule.variations.length; c++) {
        ruleResults[r][c] = served(rule.variations[c], reason, rule.id);
      }
    }
    offResult =
        feature.offVariation >= 0 ? served(feature.offVariation, Reason.DISABLED, null) : null;
  }

  private Evaluation<Object> served(int variation, Reason reason, @Nullable String ruleId) {
    return new Evaluation<>(
        feature.valuesByVariation[variation][index],
        feature.key,
        feature.variationKeys[variation],
        reason,
        ruleId,
        null);
  }

  /** The evaluation for an outcome of {@link FeatureModel#evaluate}, with the caller's default. */
  @SuppressWarnings("unchecked")
  <T> Evaluation<T> result(int outcome, T defaultValue) {
    if (outcome >= 0) {
      return (Evaluation<T>) ruleResults[outcome >>> 8][outcome & 0xff];
    }
    switch (outcome) {
      case FeatureModel.OFF_SERVED:
        return (Evaluation<T>) offResult;
      case FeatureModel.OFF_DEFAULT:
        return new Evaluation<>(defaultValue, feature.key, null, Reason.DISABLED, null, null);
      case FeatureModel.FAILED:
        return Evaluation.error(defaultValue, feature.key, ErrorCode.GENERAL);
      default:
        return new Evaluation<>(defaultValue, feature.key, null, Reason.DEFAULT, null, null);
    }
  }
}
