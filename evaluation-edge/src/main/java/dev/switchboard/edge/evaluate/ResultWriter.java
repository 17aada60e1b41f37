package dev.switchboard.edge.evaluate;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.FeatureEvaluation;
import dev.switchboard.bucketing.VariableType;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * Writes evaluation results with the streaming generator, field by field, exactly as Jackson
 * serialises {@link Results}' records (which the annotated controller still answers with): the same
 * fields, order and omissions. The direct routes use it to skip the records and the encoder.
 */
final class ResultWriter {
  private static final SerializableString KEY = new SerializedString("key");
  private static final SerializableString TYPE = new SerializedString("type");
  private static final SerializableString VALUE = new SerializedString("value");
  private static final SerializableString FEATURE = new SerializedString("feature");
  private static final SerializableString VARIATION = new SerializedString("variation");
  private static final SerializableString VALUES = new SerializedString("values");
  private static final SerializableString REASON = new SerializedString("reason");
  private static final SerializableString RULE_ID = new SerializedString("ruleId");
  private static final SerializableString ERROR_CODE = new SerializedString("errorCode");

  private ResultWriter() {}

  /** {@link Results.VariableResult#of}, written. */
  static void variable(JsonGenerator out, Config config, String key, Evaluation<?> evaluation) {
    VariableType type = config.variableType(key);
    out.writeStartObject();
    out.writeName(KEY);
    out.writeString(key);
    if (type != null) {
      out.writeName(TYPE);
      out.writeString(type.wireName());
    }
    out.writeName(VALUE);
    value(out, evaluation.value());
    optional(out, FEATURE, evaluation.featureKey());
    optional(out, VARIATION, evaluation.variationKey());
    out.writeName(REASON);
    out.writeString(evaluation.reason().name());
    optional(out, RULE_ID, evaluation.ruleId());
    if (evaluation.errorCode() != null) {
      out.writeName(ERROR_CODE);
      out.writeString(evaluation.errorCode().name());
    }
    out.writeEndObject();
  }

  /** {@link Results.FeatureResult#of}, written. */
  static void feature(JsonGenerator out, FeatureEvaluation evaluation) {
    out.writeStartObject();
    out.writeName(KEY);
    out.writeString(evaluation.featureKey());
    optional(out, VARIATION, evaluation.variationKey());
    out.writeName(VALUES);
    value(out, evaluation.values());
    out.writeName(REASON);
    out.writeString(evaluation.reason().name());
    optional(out, RULE_ID, evaluation.ruleId());
    if (evaluation.errorCode() != null) {
      out.writeName(ERROR_CODE);
      out.writeString(evaluation.errorCode().name());
    }
    out.writeEndObject();
  }

  /** Every variable, keyed by variable key, in document order. */
  static void variables(JsonGenerator out, Config config, Map<String, Evaluation<?>> all) {
    out.writeStartObject();
    for (Map.Entry<String, Evaluation<?>> entry : all.entrySet()) {
      out.writeName(entry.getKey());
      variable(out, config, entry.getKey(), entry.getValue());
    }
    out.writeEndObject();
  }

  /** Every feature, keyed by feature key, in document order. */
  static void features(JsonGenerator out, Map<String, FeatureEvaluation> all) {
    out.writeStartObject();
    for (FeatureEvaluation evaluation : all.values()) {
      out.writeName(evaluation.featureKey());
      feature(out, evaluation);
    }
    out.writeEndObject();
  }

  private static void optional(JsonGenerator out, SerializableString name, @Nullable String value) {
    if (value != null) {
      out.writeName(name);
      out.writeString(value);
    }
  }

  /**
   * A variable value: what bucketing-core's JSON values are made of (see its {@code JsonValues}).
   */
  private static void value(JsonGenerator out, @Nullable Object value) {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String text) {
      out.writeString(text);
    } else if (value instanceof Boolean flag) {
      out.writeBoolean(flag);
    } else if (value instanceof Long number) {
      out.writeNumber(number);
    } else if (value instanceof Double number) {
      out.writeNumber(number);
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeName(String.valueOf(entry.getKey()));
        value(out, entry.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        value(out, element);
      }
      out.writeEndArray();
    } else {
      out.writePOJO(value); // nothing else is produced today; databind keeps it correct if it is
    }
  }
}
