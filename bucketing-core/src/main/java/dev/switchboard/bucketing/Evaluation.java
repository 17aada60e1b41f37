package dev.switchboard.bucketing;

import org.jspecify.annotations.Nullable;

/**
 * The result of evaluating one variable for one user.
 *
 * @param value the served value, or the caller's default when no variation was served
 * @param featureKey the feature that owns the variable; {@code null} when the variable is unknown
 * @param variationKey the served variation; {@code null} when the default was returned
 * @param reason why this value was returned
 * @param ruleId the rule that applied, for {@link Reason#TARGETING_MATCH} and {@link Reason#SPLIT}
 * @param errorCode why the evaluation failed, for {@link Reason#ERROR}
 * @param <T> the value's type
 */
public record Evaluation<T>(
    T value,
    @Nullable String featureKey,
    @Nullable String variationKey,
    Reason reason,
    @Nullable String ruleId,
    @Nullable ErrorCode errorCode) {

  static <T> Evaluation<T> error(T defaultValue, @Nullable String featureKey, ErrorCode code) {
    return new Evaluation<>(defaultValue, featureKey, null, Reason.ERROR, null, code);
  }
}
