package dev.switchboard.edge.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.FeatureEvaluation;
import dev.switchboard.bucketing.VariableType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of evaluation results (docs/edge-api.md). */
final class Results {
  private Results() {}

  /**
   * One variable for one user.
   *
   * @param key the variable
   * @param type {@code boolean}, {@code string}, {@code number} or {@code json}
   * @param value the served value; {@code null} when no variation is served
   * @param feature the feature that owns it
   * @param variation the served variation, or absent
   * @param reason OpenFeature reason
   * @param ruleId the rule that applied, or absent
   * @param errorCode OpenFeature error code, or absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VariableResult(
      String key,
      @Nullable String type,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object value,
      @Nullable String feature,
      @Nullable String variation,
      String reason,
      @Nullable String ruleId,
      @Nullable String errorCode) {

    static VariableResult of(Config config, String key, Evaluation<?> evaluation) {
      VariableType type = config.variableType(key);
      return new VariableResult(
          key,
          type == null ? null : type.wireName(),
          evaluation.value(),
          evaluation.featureKey(),
          evaluation.variationKey(),
          evaluation.reason().name(),
          evaluation.ruleId(),
          evaluation.errorCode() == null ? null : evaluation.errorCode().name());
    }
  }

  /**
   * One feature for one user.
   *
   * @param key the feature
   * @param variation the served variation, or absent
   * @param values the served variation's variable values (empty when none is served)
   * @param reason OpenFeature reason
   * @param ruleId the rule that applied, or absent
   * @param errorCode OpenFeature error code, or absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FeatureResult(
      String key,
      @Nullable String variation,
      Map<String, @Nullable Object> values,
      String reason,
      @Nullable String ruleId,
      @Nullable String errorCode) {

    static FeatureResult of(FeatureEvaluation evaluation) {
      return new FeatureResult(
          evaluation.featureKey(),
          evaluation.variationKey(),
          evaluation.values(),
          evaluation.reason().name(),
          evaluation.ruleId(),
          evaluation.errorCode() == null ? null : evaluation.errorCode().name());
    }
  }

  /**
   * The client API's answer: client-visible features and their variables for one user.
   *
   * @param version the config version evaluated
   * @param features each client-visible feature
   * @param variables each variable of a client-visible feature
   */
  record ClientEvaluation(
      long version, Map<String, FeatureResult> features, Map<String, VariableResult> variables) {}
}
