package dev.switchboard.bucketing;

import org.jspecify.annotations.Nullable;

/**
 * One preprocessed targeting rule. It serves either one variation ({@code variations} has one entry
 * and {@code cumulativeWeights} is null) or a distribution over {@code variations}.
 */
final class RuleModel {
  final String id;
  final Filter audience;
  final int[] variations; // variation indexes, one per choice
  final int @Nullable [] cumulativeWeights; // null when the rule serves one variation
  final @Nullable Rollout rollout;
  final Attribute bucketBy;

  RuleModel(
      String id,
      Filter audience,
      int[] variations,
      int @Nullable [] cumulativeWeights,
      @Nullable Rollout rollout,
      Attribute bucketBy) {
    this.id = id;
    this.audience = audience;
    this.variations = variations;
    this.cumulativeWeights = cumulativeWeights;
    this.rollout = rollout;
    this.bucketBy = bucketBy;
  }

  boolean isSplit() {
    return cumulativeWeights != null;
  }

  boolean needsBucket() {
    return rollout != null || cumulativeWeights != null;
  }
}
