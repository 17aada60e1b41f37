package dev.switchboard.bucketing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validated, preprocessed, immutable config document: everything needed to evaluate one
 * environment's variables. Safe to share between threads; evaluate it with an {@link Evaluator}.
 */
public final class Config {
  private final long version;
  private final String projectKey;
  private final String environmentKey;
  private final Map<String, FeatureModel> features;
  private final Map<String, VariableModel> variables;
  private final List<ConfigWarning> warnings;

  Config(
      long version,
      String projectKey,
      String environmentKey,
      Map<String, FeatureModel> features,
      Map<String, VariableModel> variables,
      List<ConfigWarning> warnings) {
    this.version = version;
    this.projectKey = projectKey;
    this.environmentKey = environmentKey;
    this.features = features;
    this.variables = variables;
    this.warnings = warnings;
  }

  /**
   * Reads a config document (UTF-8 JSON).
   *
   * @throws InvalidConfigException if the document breaks any rule of the format or exceeds a
   *     limit; the exception names the JSON pointer of the first problem
   */
  public static Config parse(byte[] json) throws InvalidConfigException {
    return ConfigLoader.load(json);
  }

  /** Reads a config document from a string; see {@link #parse(byte[])}. */
  public static Config parse(String json) throws InvalidConfigException {
    return ConfigLoader.load(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The environment's config version; newer documents have higher versions. */
  public long version() {
    return version;
  }

  /** The project's key. */
  public String projectKey() {
    return projectKey;
  }

  /** The environment's key. */
  public String environmentKey() {
    return environmentKey;
  }

  /**
   * What the loader could not use: unknown filter types, operators and rollout types, which fail
   * closed. Report these once per loaded document.
   */
  public List<ConfigWarning> warnings() {
    return warnings;
  }

  /** The keys of all features, in document order. */
  public Set<String> featureKeys() {
    return features.keySet();
  }

  /** The keys of all variables, in document order. */
  public Set<String> variableKeys() {
    return variables.keySet();
  }

  /** The type of a variable, or {@code null} when the document has no such variable. */
  public @Nullable VariableType variableType(String variableKey) {
    VariableModel variable = variables.get(variableKey);
    return variable == null ? null : variable.type;
  }

  /** Whether a feature is marked visible to client SDKs; false for unknown features. */
  public boolean isClientVisible(String featureKey) {
    FeatureModel feature = features.get(featureKey);
    return feature != null && feature.clientVisible;
  }

  /**
   * The key of the feature that owns a variable, or {@code null} when the document has no such
   * variable.
   */
  public @Nullable String variableFeatureKey(String variableKey) {
    VariableModel variable = variables.get(variableKey);
    return variable == null ? null : variable.feature.key;
  }

  /**
   * The keys of a feature's variations, in document order; empty for an unknown feature. An SDK
   * sizes per-variation counters with it when a document is loaded.
   */
  public List<String> variationKeys(String featureKey) {
    FeatureModel feature = features.get(featureKey);
    return feature == null ? List.of() : List.of(feature.variationKeys);
  }

  @Nullable FeatureModel feature(String key) {
    return features.get(key);
  }

  @Nullable VariableModel variable(String key) {
    return variables.get(key);
  }

  Map<String, VariableModel> variables() {
    return variables;
  }

  Map<String, FeatureModel> features() {
    return features;
  }

  @Override
  public String toString() {
    return "Config{project="
        + projectKey
        + ", environment="
        + environmentKey
        + ", version="
        + version
        + ", features="
        + features.size()
        + ", variables="
        + variables.size()
        + "}";
  }
}
