package dev.switchboard.bucketing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One preprocessed feature with this environment's targeting, and every result it can produce,
 * built once at load so that evaluation returns shared immutable objects.
 *
 * <p>{@link #evaluate} returns an <em>outcome</em>, an int that names the result without allocating
 * it: {@link #DEFAULT}, {@link #OFF_DEFAULT}, {@link #OFF_SERVED}, {@link #FAILED}, or {@code rule
 * << 8 | choice} for the {@code choice}-th variation of rule {@code rule}.
 */
final class FeatureModel {
  static final int DEFAULT = -1;
  static final int OFF_DEFAULT = -2;
  static final int OFF_SERVED = -3;

  /** Evaluation failed unexpectedly (reported by the evaluator); results carry an error. */
  static final int FAILED = Integer.MIN_VALUE;

  final String key;
  final String[] variationKeys;
  final List<VariableModel> variables = new ArrayList<>();
  final Object[][] valuesByVariation; // [variation][index of the variable in `variables`]
  final int distributionSeed;
  final int rolloutSeed;
  final boolean clientVisible;

  // Set once by the loader's second pass, before the Config that holds this feature is built.
  boolean on;
  int offVariation = -1;
  RuleModel[] rules = new RuleModel[0];
  private FeatureEvaluation[][] ruleResults;
  private @Nullable FeatureEvaluation offResult;
  private FeatureEvaluation defaultResult;
  private FeatureEvaluation offDefaultResult;

  FeatureModel(String key, int seed, boolean clientVisible, String[] variationKeys, int variables) {
    this.key = key;
    this.distributionSeed = seed;
    this.rolloutSeed = Bucketing.rolloutSeed(seed);
    this.clientVisible = clientVisible;
    this.variationKeys = variationKeys;
    this.valuesByVariation = new Object[variationKeys.length][variables];
  }

  int evaluate(User user, Evaluator evaluator) {
    if (!on) {
      return offVariation >= 0 ? OFF_SERVED : OFF_DEFAULT;
    }
    RuleModel[] rules = this.rules;
    for (int r = 0; r < rules.length; r++) {
      RuleModel rule = rules[r];
      if (!rule.audience.matches(user, evaluator)) {
        continue;
      }
      if (!rule.needsBucket()) {
        return r << 8;
      }
      Object bucketValue = rule.bucketBy.valueOf(user);
      if (!(bucketValue instanceof String value)) {
        continue; // cannot be bucketed: the rule does not apply
      }
      if (rule.rollout != null
          && !rule.rollout.includes(
              Bucketing.unsignedHash(value, rolloutSeed), evaluator.clock())) {
        continue;
      }
      int[] cumulativeWeights = rule.cumulativeWeights;
      if (cumulativeWeights == null) {
        return r << 8;
      }
      long hash = Bucketing.unsignedHash(value, distributionSeed);
      return r << 8 | Bucketing.distributionIndex(hash, cumulativeWeights);
    }
    return DEFAULT;
  }

  /** The variation index an outcome serves, or -1. */
  int servedVariation(int outcome) {
    if (outcome >= 0) {
      return rules[outcome >>> 8].variations[outcome & 0xff];
    }
    return outcome == OFF_SERVED ? offVariation : -1;
  }

  FeatureEvaluation result(int outcome) {
    if (outcome >= 0) {
      return ruleResults[outcome >>> 8][outcome & 0xff];
    }
    switch (outcome) {
      case OFF_SERVED:
        return offResult;
      case OFF_DEFAULT:
        return offDefaultResult;
      case FAILED:
        return new FeatureEvaluation(key, null, Map.of(), Reason.ERROR, null, ErrorCode.GENERAL);
      default:
        return defaultResult;
    }
  }

  /** Builds every result this feature and its variables can return; called once at load. */
  void precomputeResults() {
    // one map of values per variation, shared by every result that serves it
    List<Map<String, @Nullable Object>> valueMaps = new ArrayList<>(variationKeys.length);
    for (int variation = 0; variation < variationKeys.length; variation++) {
      Map<String, @Nullable Object> values = new LinkedHashMap<>();
      for (int v = 0; v < variables.size(); v++) {
        values.put(variables.get(v).key, valuesByVariation[variation][v]);
      }
      valueMaps.add(Collections.unmodifiableMap(values));
    }
    ruleResults = new FeatureEvaluation[rules.length][];
    for (int r = 0; r < rules.length; r++) {
      RuleModel rule = rules[r];
      Reason reason = rule.isSplit() ? Reason.SPLIT : Reason.TARGETING_MATCH;
      ruleResults[r] = new FeatureEvaluation[rule.variations.length];
      for (int c = 0; c < rule.variations.length; c++) {
        ruleResults[r][c] = served(valueMaps, rule.variations[c], reason, rule.id);
      }
    }
    offResult = offVariation >= 0 ? served(valueMaps, offVariation, Reason.DISABLED, null) : null;
    defaultResult = new FeatureEvaluation(key, null, Map.of(), Reason.DEFAULT, null, null);
    offDefaultResult = new FeatureEvaluation(key, null, Map.of(), Reason.DISABLED, null, null);
    for (VariableModel variable : variables) {
      variable.precomputeResults();
    }
  }

  private FeatureEvaluation served(
      List<Map<String, @Nullable Object>> valueMaps,
      int variation,
      Reason reason,
      @Nullable String ruleId) {
    return new FeatureEvaluation(
        key, variationKeys[variation], valueMaps.get(variation), reason, ruleId, null);
  }
}
