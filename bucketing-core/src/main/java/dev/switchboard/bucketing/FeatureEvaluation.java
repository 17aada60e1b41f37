package dev.switchboard.bucketing;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of evaluating a whole feature for one user.
 *
 * @param featureKey the feature
 * @param variationKey the served variation; {@code null} when none was served (default or error)
 * @param values the served variation's value of each of the feature's variables; empty when no
 *     variation was served
 * @param reason why this variation was served
 * @param ruleId the rule that applied, for {@link Reason#TARGETING_MATCH} and {@link Reason#SPLIT}
 * @param errorCode why the evaluation failed, for {@link Reason#ERROR}
 */
public record FeatureEvaluation(
    String featureKey,
    @Nullable String variationKey,
    Map<String, @Nullable Object> values,
    Reason reason,
    @Nullable String ruleId,
    @Nullable ErrorCode errorCode) {}
