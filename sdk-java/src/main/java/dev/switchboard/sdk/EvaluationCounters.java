package dev.switchboard.sdk;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.ErrorCode;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Reason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Evaluation counts of one loaded config, per (variable, variation, reason), sized when the config
 * is loaded so that counting an evaluation allocates nothing: a map look-up of the variable, an
 * identity scan of its few variation keys (the engine hands out the very {@code String}s the config
 * lists), and a {@link LongAdder} increment. A slot's adder is created on its first count only.
 */
final class EvaluationCounters {
  private static final Reason[] REASONS = Reason.values();
  private static final ErrorCode[] ERROR_CODES = ErrorCode.values();

  /** Served reasons by ordinal, then one column per error code for {@link Reason#ERROR}. */
  static final int COLUMNS = REASONS.length + ERROR_CODES.length;

  /** Bound on distinct unknown variable keys counted per config: a typo must not grow memory. */
  static final int MAX_UNKNOWN_VARIABLES = 1_000;

  private final Map<String, VariableCounters> byVariable;
  private final ConcurrentHashMap<String, VariableCounters> unknown = new ConcurrentHashMap<>();

  private EvaluationCounters(Map<String, VariableCounters> byVariable) {
    this.byVariable = byVariable;
  }

  static EvaluationCounters of(@Nullable Config config) {
    if (config == null) {
      return new EvaluationCounters(Map.of());
    }
    Map<String, VariableCounters> byVariable = new HashMap<>();
    Map<String, String[]> variationsByFeature = new HashMap<>();
    for (String variable : config.variableKeys()) {
      String feature = config.variableFeatureKey(variable);
      String[] variations =
          variationsByFeature.computeIfAbsent(
              feature, key -> config.variationKeys(key).toArray(new String[0]));
      byVariable.put(variable, new VariableCounters(variable, feature, variations));
    }
    return new EvaluationCounters(byVariable);
  }

  /** Counts one evaluation of {@code variableKey}; allocation-free for known variables. */
  void count(String variableKey, Evaluation<?> evaluation) {
    VariableCounters counters = byVariable.get(variableKey);
    if (counters == null) {
      counters = unknownVariable(variableKey);
      if (counters == null) {
        return;
      }
    }
    counters.count(evaluation);
  }

  private @Nullable VariableCounters unknownVariable(@Nullable String variableKey) {
    if (variableKey == null) {
      return null;
    }
    VariableCounters counters = unknown.get(variableKey);
    if (counters == null && unknown.size() < MAX_UNKNOWN_VARIABLES) {
      counters =
          unknown.computeIfAbsent(
              variableKey, key -> new VariableCounters(key, null, new String[0]));
    }
    return counters;
  }

  /** Adds every non-zero count to {@code out} and resets it. */
  void drainTo(List<EvaluationCount> out) {
    for (VariableCounters counters : byVariable.values()) {
      counters.drainTo(out);
    }
    for (VariableCounters counters : unknown.values()) {
      counters.drainTo(out);
    }
  }

  /** One aggregated row of an event batch. */
  record EvaluationCount(
      String variable,
      @Nullable String feature,
      @Nullable String variation,
      Reason reason,
      @Nullable ErrorCode errorCode,
      long count) {}

  private static final class VariableCounters {
    private final String variable;
    private final @Nullable String feature;
    private final String[] variations;
    // rows: one per variation, then one for "no variation"; columns: see COLUMNS
    private final AtomicReferenceArray<LongAdder> slots;

    VariableCounters(String variable, @Nullable String feature, String[] variations) {
      this.variable = variable;
      this.feature = feature;
      this.variations = variations;
      this.slots = new AtomicReferenceArray<>((variations.length + 1) * COLUMNS);
    }

    void count(Evaluation<?> evaluation) {
      int index = row(evaluation.variationKey()) * COLUMNS + column(evaluation);
      LongAdder adder = slots.get(index);
      if (adder == null) {
        LongAdder created = new LongAdder();
        adder = slots.compareAndSet(index, null, created) ? created : slots.get(index);
      }
      adder.increment();
    }

    private int row(@Nullable String variation) {
      String[] variations = this.variations;
      if (variation == null) {
        return variations.length;
      }
      for (int i = 0; i < variations.length; i++) {
        if (variations[i] == variation) {
          return i;
        }
      }
      for (int i = 0; i < variations.length; i++) {
        if (variations[i].equals(variation)) {
          return i;
        }
      }
      return variations.length;
    }

    private static int column(Evaluation<?> evaluation) {
      Reason reason = evaluation.reason();
      if (reason != Reason.ERROR) {
        return reason.ordinal();
      }
      ErrorCode code = evaluation.errorCode();
      return REASONS.length + (code == null ? ErrorCode.GENERAL : code).ordinal();
    }

    void drainTo(List<EvaluationCount> out) {
      for (int index = 0; index < slots.length(); index++) {
        LongAdder adder = slots.get(index);
        if (adder == null) {
          continue;
        }
        long count = adder.sumThenReset();
        if (count == 0) {
          continue;
        }
        int row = index / COLUMNS;
        int column = index % COLUMNS;
        String variation = row < variations.length ? variations[row] : null;
        boolean error = column >= REASONS.length;
        out.add(
            new EvaluationCount(
                variable,
                feature,
                variation,
                error ? Reason.ERROR : REASONS[column],
                error ? ERROR_CODES[column - REASONS.length] : null,
                count));
      }
    }
  }
}
