package dev.switchboard.bucketing;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the variables and features of one {@link Config} for users.
 *
 * <p>Evaluation never throws and never blocks: a missing variable, a wrong type, a missing config
 * or an unexpected failure all return the caller's default with reason {@link Reason#ERROR} and an
 * {@link ErrorCode}. Instances are immutable and thread-safe; create a new one when a new config
 * arrives (construction is free).
 */
public final class Evaluator {
  private static final Set<String> REPORTED_FAILURES = ConcurrentHashMap.newKeySet();

  private final @Nullable Config config;
  private final ErrorCode missingConfigCode;
  private final Clock clock;

  private Evaluator(@Nullable Config config, ErrorCode missingConfigCode, Clock clock) {
    this.config = config;
    this.missingConfigCode = missingConfigCode;
    this.clock = clock;
  }

  /** An evaluator over {@code config} that reads the system UTC clock for timed rollouts. */
  public static Evaluator of(Config config) {
    return of(config, Clock.systemUTC());
  }

  /** An evaluator over {@code config} that reads {@code clock} for timed rollouts. */
  public static Evaluator of(Config config, Clock clock) {
    return new Evaluator(
        Objects.requireNonNull(config, "config"), ErrorCode.GENERAL, Objects.requireNonNull(clock));
  }

  /**
   * An evaluator with no config that answers every call with the caller's default and {@code code}:
   * {@link ErrorCode#PROVIDER_NOT_READY} before a first config, {@link ErrorCode#PARSE_ERROR} when
   * the only config available was rejected.
   */
  public static Evaluator withoutConfig(ErrorCode code) {
    return new Evaluator(null, Objects.requireNonNull(code), Clock.systemUTC());
  }

  /** The config this evaluator reads, or {@code null} for {@link #withoutConfig}. */
  public @Nullable Config config() {
    return config;
  }

  /** Evaluates a boolean variable. */
  public Evaluation<Boolean> booleanVariable(User user, String key, boolean defaultValue) {
    return variable(user, key, VariableType.BOOLEAN, defaultValue);
  }

  /** Evaluates a string variable. */
  public Evaluation<String> stringVariable(User user, String key, String defaultValue) {
    return variable(user, key, VariableType.STRING, defaultValue);
  }

  /** Evaluates a number variable. */
  public Evaluation<Double> numberVariable(User user, String key, double defaultValue) {
    return variable(user, key, VariableType.NUMBER, defaultValue);
  }

  /** Evaluates a JSON variable; see {@link VariableType#JSON} for the value's Java form. */
  public Evaluation<Object> jsonVariable(User user, String key, Object defaultValue) {
    return variable(user, key, VariableType.JSON, defaultValue);
  }

  /**
   * Evaluates a variable of the given type; the value is of the Java type {@link VariableType}
   * names for it.
   */
  public <T> Evaluation<T> variable(User user, String key, VariableType type, T defaultValue) {
    Config config = this.config;
    if (config == null) {
      return Evaluation.error(defaultValue, null, missingConfigCode);
    }
    try {
      VariableModel variable = key == null ? null : config.variable(key);
      if (variable == null) {
        return Evaluation.error(defaultValue, null, ErrorCode.FLAG_NOT_FOUND);
      }
      if (variable.type != type) {
        return Evaluation.error(defaultValue, variable.feature.key, ErrorCode.TYPE_MISMATCH);
      }
      if (user == null) {
        return Evaluation.error(defaultValue, variable.feature.key, ErrorCode.GENERAL);
      }
      return variable.result(evaluateSafely(variable.feature, user), defaultValue);
    } catch (RuntimeException e) {
      reportOnce(e);
      return Evaluation.error(defaultValue, null, ErrorCode.GENERAL);
    }
  }

  /**
   * Evaluates every variable for a user, in document order. Each value is the served variation's,
   * or {@code null} when no variation is served (the caller has no default here).
   */
  public Map<String, Evaluation<?>> allVariables(User user) {
    Config config = this.config;
    if (config == null || user == null) {
      return Map.of();
    }
    Map<String, Evaluation<?>> all = new LinkedHashMap<>();
    for (FeatureModel feature : config.features().values()) {
      if (feature.variables.isEmpty()) {
        continue;
      }
      int outcome = evaluateSafely(feature, user);
      for (VariableModel variable : feature.variables) {
        all.put(variable.key, variable.result(outcome, null));
      }
    }
    return Collections.unmodifiableMap(all);
  }

  /** Evaluates a whole feature: the variation served and the value of each of its variables. */
  public FeatureEvaluation feature(User user, String featureKey) {
    Config config = this.config;
    FeatureModel feature = config == null || featureKey == null ? null : config.feature(featureKey);
    if (feature == null) {
      return new FeatureEvaluation(
          String.valueOf(featureKey),
          null,
          Map.of(),
          Reason.ERROR,
          null,
          config == null ? missingConfigCode : ErrorCode.FLAG_NOT_FOUND);
    }
    if (user == null) {
      return new FeatureEvaluation(
          featureKey, null, Map.of(), Reason.ERROR, null, ErrorCode.GENERAL);
    }
    return feature.result(evaluateSafely(feature, user));
  }

  /** Evaluates every feature for a user, in document order. */
  public Map<String, FeatureEvaluation> allFeatures(User user) {
    Config config = this.config;
    if (config == null || user == null) {
      return Map.of();
    }
    Map<String, FeatureEvaluation> all = new LinkedHashMap<>();
    for (String key : config.features().keySet()) {
      all.put(key, feature(user, key));
    }
    return Collections.unmodifiableMap(all);
  }

  Clock clock() {
    return clock;
  }

  /** A feature's outcome, or {@link FeatureModel#FAILED} after reporting a failure. */
  private int evaluateSafely(FeatureModel feature, User user) {
    try {
      return feature.evaluate(user, this);
    } catch (RuntimeException | StackOverflowError e) {
      reportOnce(e);
      return FeatureModel.FAILED;
    }
  }

  private static void reportOnce(Throwable failure) {
    String cause = failure.getClass().getName() + ": " + failure.getMessage();
    if (REPORTED_FAILURES.size() < 1_000 && REPORTED_FAILURES.add(cause)) {
      Log.LOG.log(System.Logger.Level.ERROR, "flag evaluation failed; serving defaults", failure);
    }
  }

  /**
   * The logger, created when a failure is first reported: on JDK 25 {@code System.getLogger} starts
   * java.util.logging, about 20 ms of an SDK's start-up that only a failure needs.
   */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(Evaluator.class.getName());
  }
}
