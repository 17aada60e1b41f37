package dev.switchboard.bucketing;

import com.google.re2j.PatternSyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a config document into a validated, preprocessed {@link Config}: one pass over the JSON
 * tree that checks every rule of {@code docs/config-format.md} and reports the first violation with
 * its JSON pointer. Single use: one loader per document.
 */
final class ConfigLoader {
  static final int SCHEMA_VERSION = 1;

  private final List<ConfigWarning> warnings = new ArrayList<>();
  private final Map<String, FeatureModel> features = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> variationIndexes = new HashMap<>();
  private final Map<String, VariableModel> variables = new LinkedHashMap<>();
  private final Map<String, JsonValue> audienceNodes = new LinkedHashMap<>();
  private final Map<String, String> audiencePointers = new HashMap<>();
  private final Map<String, ParsedAudience> audiences = new HashMap<>();
  private final Set<String> audiencesInProgress = new HashSet<>();
  private final Map<FeatureModel, List<Edge>> prerequisites = new HashMap<>();

  // State of the filter tree being parsed: its deepest level, the prerequisites it names, and
  // whether it holds anything unknown (then the rule using it never applies: fail closed).
  private int deepest;
  private List<Edge> edges = new ArrayList<>();
  private boolean unknownSeen;

  /** A prerequisite: the feature it names and where the naming {@code feature} field is. */
  private record Edge(FeatureModel target, String pointer) {}

  /** An audience parsed once and shared by every reference to it. */
  private record ParsedAudience(
      Filter filter, int height, List<Edge> edges, boolean holdsUnknown) {}

  private ConfigLoader() {}

  static Config load(byte[] json) throws InvalidConfigException {
    if (json.length > Limits.MAX_DOCUMENT_BYTES) {
      throw new InvalidConfigException(
          "", "document is " + json.length + " bytes; the limit is " + Limits.MAX_DOCUMENT_BYTES);
    }
    JsonValue root = JsonValue.read(json);
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException("", "must be a JSON object");
    }
    return load(root);
  }

  /** Loads a document already read (an object); see {@link #load(byte[])}. */
  static Config load(JsonValue root) throws InvalidConfigException {
    return new ConfigLoader().read(root);
  }

  private Config read(JsonValue root) throws InvalidConfigException {
    JsonValue schemaVersion = required(root, "schemaVersion", "");
    if (!schemaVersion.isLong() || schemaVersion.longValue() != SCHEMA_VERSION) {
      throw new InvalidConfigException(
          "/schemaVersion",
          "unsupported schemaVersion " + schemaVersion + "; this engine reads " + SCHEMA_VERSION);
    }
    String projectKey =
        string(object(required(root, "project", ""), "/project"), "key", "/project");
    String environmentKey =
        string(object(required(root, "environment", ""), "/environment"), "key", "/environment");
    JsonValue version = required(root, "version", "");
    if (!version.isLong() || version.longValue() < 0) {
      throw new InvalidConfigException("/version", "must be an integer >= 0");
    }

    JsonValue featureNodes = array(root, "features", "", 0, Limits.MAX_FEATURES);
    JsonValue variableNodes = array(root, "variables", "", 0, Limits.MAX_VARIABLES);
    Map<String, Integer> featureIndexes = featureKeys(featureNodes);
    List<List<VariableSpec>> variablesByFeature = variableSpecs(variableNodes, featureIndexes);
    for (int i = 0; i < featureNodes.size(); i++) {
      readFeature(featureNodes.get(i), "/features/" + i, variablesByFeature.get(i));
    }
    JsonValue audienceList = optional(root, "audiences");
    if (audienceList != null) {
      collectAudiences(array(root, "audiences", "", 0, Limits.MAX_AUDIENCES));
    }
    for (int i = 0; i < featureNodes.size(); i++) {
      readTargeting(featureNodes.get(i), "/features/" + i);
    }
    for (String audience : audienceNodes.keySet()) {
      resolveAudience(audience, audiencePointers.get(audience)); // validates unreferenced ones too
    }
    checkPrerequisiteChains();
    for (FeatureModel feature : features.values()) {
      feature.precomputeResults();
    }
    return new Config(
        version.longValue(),
        projectKey,
        environmentKey,
        Collections.unmodifiableMap(features),
        Collections.unmodifiableMap(variables),
        List.copyOf(warnings));
  }

  // ---- features and variables -------------------------------------------------------------

  private record VariableSpec(String key, VariableType type, String pointer) {}

  private Map<String, Integer> featureKeys(JsonValue featureNodes) throws InvalidConfigException {
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < featureNodes.size(); i++) {
      String pointer = "/features/" + i;
      String key = key(object(featureNodes.get(i), pointer), "key", pointer);
      if (indexes.putIfAbsent(key, i) != null) {
        throw new InvalidConfigException(pointer + "/key", "duplicate feature key '" + key + "'");
      }
    }
    return indexes;
  }

  private List<List<VariableSpec>> variableSpecs(
      JsonValue variableNodes, Map<String, Integer> featureIndexes) throws InvalidConfigException {
    List<List<VariableSpec>> byFeature = new ArrayList<>();
    for (int i = 0; i < featureIndexes.size(); i++) {
      byFeature.add(new ArrayList<>());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < variableNodes.size(); i++) {
      String pointer = "/variables/" + i;
      JsonValue node = object(variableNodes.get(i), pointer);
      String key = key(node, "key", pointer);
      if (!seen.add(key)) {
        throw new InvalidConfigException(pointer + "/key", "duplicate variable key '" + key + "'");
      }
      String typeName = string(node, "type", pointer);
      VariableType type = VariableType.fromWireName(typeName);
      if (type == null) {
        throw new InvalidConfigException(
            pointer + "/type",
            "unknown variable type '" + typeName + "'; expected boolean, string, number or json");
      }
      String feature = key(node, "feature", pointer);
      Integer featureIndex = featureIndexes.get(feature);
      if (featureIndex == null) {
        throw new InvalidConfigException(pointer + "/feature", "no feature '" + feature + "'");
      }
      byFeature.get(featureIndex).add(new VariableSpec(key, type, pointer));
    }
    return byFeature;
  }

  private void readFeature(JsonValue node, String pointer, List<VariableSpec> specs)
      throws InvalidConfigException {
    String key = key(node, "key", pointer);
    int seed = Bucketing.featureSeed(key);
    JsonValue seedNode = optional(node, "seed");
    if (seedNode != null) {
      if (!seedNode.isInt()) {
        throw new InvalidConfigException(pointer + "/seed", "must be a 32-bit signed integer");
      }
      seed = seedNode.intValue();
    }
    boolean clientVisible = optionalBoolean(node, "clientVisible", pointer, false);

    JsonValue variationNodes = array(node, "variations", pointer, 1, Limits.MAX_VARIATIONS);
    String[] variationKeys = new String[variationNodes.size()];
    Map<String, Integer> indexes = new HashMap<>();
    for (int v = 0; v < variationKeys.length; v++) {
      String variationPointer = pointer + "/variations/" + v;
      variationKeys[v] =
          key(object(variationNodes.get(v), variationPointer), "key", variationPointer);
      if (indexes.putIfAbsent(variationKeys[v], v) != null) {
        throw new InvalidConfigException(
            variationPointer + "/key", "duplicate variation key '" + variationKeys[v] + "'");
      }
    }
    FeatureModel feature = new FeatureModel(key, seed, clientVisible, variationKeys, specs.size());
    Map<String, VariableModel> own = new HashMap<>();
    for (VariableSpec spec : specs) {
      VariableModel variable = new VariableModel(spec.key, spec.type, feature, own.size());
      own.put(spec.key, variable);
      feature.variables.add(variable);
      variables.put(spec.key, variable);
    }
    for (int v = 0; v < variationKeys.length; v++) {
      String valuesPointer = pointer + "/variations/" + v + "/values";
      JsonValue values =
          object(
              required(variationNodes.get(v), "values", pointer + "/variations/" + v),
              valuesPointer);
      for (Map.Entry<String, JsonValue> entry : values.members()) {
        String valuePointer = valuesPointer + "/" + escape(entry.getKey());
        VariableModel variable = own.get(entry.getKey());
        if (variable == null) {
          throw new InvalidConfigException(
              valuePointer, "'" + entry.getKey() + "' is not a variable of feature '" + key + "'");
        }
        feature.valuesByVariation[v][variable.index] =
            variableValue(entry.getValue(), variable.type, valuePointer);
      }
      for (VariableModel variable : feature.variables) {
        if (!values.has(variable.key)) {
          throw new InvalidConfigException(
              valuesPointer + "/" + escape(variable.key),
              "variation '"
                  + variationKeys[v]
                  + "' has no value for variable '"
                  + variable.key
                  + "'");
        }
      }
    }
    features.put(key, feature);
    variationIndexes.put(key, indexes);
  }

  private static @Nullable Object variableValue(JsonValue node, VariableType type, String pointer)
      throws InvalidConfigException {
    switch (type) {
      case BOOLEAN:
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        break;
      case STRING:
        if (node.isString()) {
          return node.stringValue();
        }
        break;
      case NUMBER:
        if (node.isNumber() && Double.isFinite(node.doubleValue())) {
          return node.doubleValue();
        }
        break;
      default:
        return node.toJava();
    }
    throw new InvalidConfigException(pointer, "must be a " + type.wireName());
  }

  // ---- targeting ---------------------------------------------------------------------------

  private void readTargeting(JsonValue featureNode, String featurePointer)
      throws InvalidConfigException {
    FeatureModel feature = features.get(string(featureNode, "key", featurePointer));
    Map<String, Integer> indexes = variationIndexes.get(feature.key);
    String pointer = featurePointer + "/targeting";
    JsonValue targeting = object(required(featureNode, "targeting", featurePointer), pointer);
    feature.on = requiredBoolean(targeting, "on", pointer);
    if (optional(targeting, "offVariation") != null) {
      feature.offVariation = variation(targeting, "offVariation", pointer, indexes);
    }
    List<Edge> featureEdges = new ArrayList<>();
    RuleModel[] rules = new RuleModel[0];
    if (optional(targeting, "rules") != null) {
      JsonValue ruleNodes = array(targeting, "rules", pointer, 0, Limits.MAX_RULES);
      rules = new RuleModel[ruleNodes.size()];
      Set<String> ids = new HashSet<>();
      for (int r = 0; r < rules.length; r++) {
        String rulePointer = pointer + "/rules/" + r;
        edges = featureEdges;
        rules[r] = readRule(object(ruleNodes.get(r), rulePointer), rulePointer, indexes);
        if (!ids.add(rules[r].id)) {
          throw new InvalidConfigException(
              rulePointer + "/id", "duplicate rule id '" + rules[r].id + "'");
        }
      }
    }
    feature.rules = rules;
    prerequisites.put(feature, featureEdges);
  }

  private RuleModel readRule(JsonValue node, String pointer, Map<String, Integer> indexes)
      throws InvalidConfigException {
    String id = string(node, "id", pointer);
    if (id.isEmpty() || id.length() > Limits.MAX_KEY_LENGTH) {
      throw new InvalidConfigException(pointer + "/id", "must be 1 to 100 characters");
    }
    deepest = 0;
    unknownSeen = false;
    Filter audience = filter(required(node, "audience", pointer), pointer + "/audience", 1);
    if (unknownSeen) {
      // Negation or OR around something this engine does not understand could match anyone:
      // the whole rule fails closed instead.
      audience = Filter.NEVER;
    }

    String servePointer = pointer + "/serve";
    JsonValue serve = object(required(node, "serve", pointer), servePointer);
    boolean single = optional(serve, "variation") != null;
    boolean split = optional(serve, "distribution") != null;
    if (single == split) {
      throw new InvalidConfigException(
          servePointer, "must hold exactly one of 'variation' and 'distribution'");
    }
    int[] variations;
    int[] cumulativeWeights = null;
    if (single) {
      variations = new int[] {variation(serve, "variation", servePointer, indexes)};
    } else {
      String distributionPointer = servePointer + "/distribution";
      JsonValue entries = array(serve, "distribution", servePointer, 1, Limits.MAX_VARIATIONS);
      variations = new int[entries.size()];
      cumulativeWeights = new int[entries.size()];
      boolean[] used = new boolean[indexes.size()];
      int total = 0;
      for (int i = 0; i < entries.size(); i++) {
        String entryPointer = distributionPointer + "/" + i;
        JsonValue entry = object(entries.get(i), entryPointer);
        variations[i] = variation(entry, "variation", entryPointer, indexes);
        if (used[variations[i]]) {
          throw new InvalidConfigException(
              entryPointer + "/variation", "variation appears twice in the distribution");
        }
        used[variations[i]] = true;
        JsonValue weight = required(entry, "weight", entryPointer);
        if (!weight.isLong()
            || weight.longValue() < 0
            || weight.longValue() > Bucketing.TOTAL_WEIGHT) {
          throw new InvalidConfigException(
              entryPointer + "/weight", "must be an integer from 0 to " + Bucketing.TOTAL_WEIGHT);
        }
        total += weight.intValue();
        cumulativeWeights[i] = total;
      }
      if (total != Bucketing.TOTAL_WEIGHT) {
        throw new InvalidConfigException(
            distributionPointer,
            "weights sum to " + total + "; they must sum to " + Bucketing.TOTAL_WEIGHT);
      }
    }
    Rollout rollout = null;
    if (optional(node, "rollout") != null) {
      String rolloutPointer = pointer + "/rollout";
      rollout = rollout(object(required(node, "rollout", pointer), rolloutPointer), rolloutPointer);
    }
    Attribute bucketBy = Attribute.USER_ID;
    if (optional(node, "bucketBy") != null) {
      bucketBy = Attribute.named(attributeName(node, "bucketBy", pointer));
    }
    return new RuleModel(id, audience, variations, cumulativeWeights, rollout, bucketBy);
  }

  private Rollout rollout(JsonValue node, String pointer) throws InvalidConfigException {
    String type = string(node, "type", pointer);
    switch (type) {
      case "percentage":
        return new Rollout.Fixed(percentage(node, "percentage", pointer));
      case "gradual":
        {
          long start = instant(node, "startDate", pointer);
          long end = instant(node, "endDate", pointer);
          if (start >= end) {
            throw new InvalidConfigException(pointer + "/endDate", "must be after startDate");
          }
          return new Rollout.Gradual(
              start,
              end,
              percentage(node, "startPercentage", pointer),
              percentage(node, "endPercentage", pointer));
        }
      case "schedule":
        {
          JsonValue steps = array(node, "steps", pointer, 1, Limits.MAX_SCHEDULE_STEPS);
          long[] dates = new long[steps.size()];
          double[] percentages = new double[steps.size()];
          for (int i = 0; i < dates.length; i++) {
            String stepPointer = pointer + "/steps/" + i;
            JsonValue step = object(steps.get(i), stepPointer);
            dates[i] = instant(step, "date", stepPointer);
            percentages[i] = percentage(step, "percentage", stepPointer);
            if (i > 0 && dates[i] <= dates[i - 1]) {
              throw new InvalidConfigException(
                  stepPointer + "/date", "step dates must be strictly increasing");
            }
          }
          return new Rollout.Schedule(dates, percentages);
        }
      default:
        warn(pointer, "unknown rollout type '" + type + "': the rule never applies");
        return Rollout.NEVER;
    }
  }

  // ---- filters -----------------------------------------------------------------------------

  private Filter filter(JsonValue raw, String pointer, int depth) throws InvalidConfigException {
    if (depth > Limits.MAX_FILTER_DEPTH) {
      throw new InvalidConfigException(
          pointer, "filters nest deeper than " + Limits.MAX_FILTER_DEPTH + " levels");
    }
    deepest = Math.max(deepest, depth);
    JsonValue node = object(raw, pointer);
    String type = string(node, "type", pointer);
    switch (type) {
      case "all":
        return Filter.ALL;
      case "and":
      case "or":
        {
          JsonValue children = array(node, "filters", pointer, 1, Limits.MAX_FILTERS_PER_GROUP);
          Filter[] filters = new Filter[children.size()];
          for (int i = 0; i < filters.length; i++) {
            filters[i] = filter(children.get(i), pointer + "/filters/" + i, depth + 1);
          }
          if (filters.length == 1) {
            return filters[0];
          }
          return type.equals("and") ? new Filter.All(filters) : new Filter.Any(filters);
        }
      case "attribute":
        return attributeFilter(node, pointer);
      case "users":
        {
          JsonValue ids = array(node, "ids", pointer, 0, Limits.MAX_USER_IDS);
          Set<String> set = new HashSet<>();
          for (int i = 0; i < ids.size(); i++) {
            set.add(boundedString(ids.get(i), pointer + "/ids/" + i));
          }
          return negated(node, pointer, new Filter.UserIds(set));
        }
      case "audience":
        {
          String key = key(node, "audience", pointer);
          if (!audienceNodes.containsKey(key)) {
            throw new InvalidConfigException(pointer + "/audience", "no audience '" + key + "'");
          }
          ParsedAudience audience = resolveAudience(key, pointer + "/audience");
          if (depth + audience.height > Limits.MAX_FILTER_DEPTH) {
            throw new InvalidConfigException(
                pointer,
                "filters nest deeper than "
                    + Limits.MAX_FILTER_DEPTH
                    + " levels through audience '"
                    + key
                    + "'");
          }
          deepest = Math.max(deepest, depth + audience.height);
          edges.addAll(audience.edges);
          unknownSeen |= audience.holdsUnknown;
          return negated(node, pointer, audience.filter);
        }
      case "prerequisite":
        {
          String key = key(node, "feature", pointer);
          FeatureModel target = features.get(key);
          if (target == null) {
            throw new InvalidConfigException(pointer + "/feature", "no feature '" + key + "'");
          }
          JsonValue variationKeys = array(node, "variations", pointer, 1, Limits.MAX_VARIATIONS);
          boolean[] accepted = new boolean[target.variationKeys.length];
          for (int i = 0; i < variationKeys.size(); i++) {
            String variationPointer = pointer + "/variations/" + i;
            if (!variationKeys.get(i).isString()) {
              throw new InvalidConfigException(variationPointer, "must be a variation key");
            }
            Integer index = variationIndexes.get(key).get(variationKeys.get(i).stringValue());
            if (index == null) {
              throw new InvalidConfigException(
                  variationPointer,
                  "feature '"
                      + key
                      + "' has no variation '"
                      + variationKeys.get(i).stringValue()
                      + "'");
            }
            accepted[index] = true;
          }
          edges.add(new Edge(target, pointer + "/feature"));
          return negated(node, pointer, new Filter.Prerequisite(target, accepted));
        }
      default:
        warn(pointer, "unknown filter type '" + type + "': the rule using it never applies");
        unknownSeen = true;
        return Filter.NEVER;
    }
  }

  private static Filter negated(JsonValue node, String pointer, Filter filter)
      throws InvalidConfigException {
    return optionalBoolean(node, "negate", pointer, false) ? new Filter.Not(filter) : filter;
  }

  private ParsedAudience resolveAudience(String key, String referencePointer)
      throws InvalidConfigException {
    ParsedAudience parsed = audiences.get(key);
    if (parsed != null) {
      return parsed;
    }
    if (!audiencesInProgress.add(key)) {
      throw new InvalidConfigException(
          referencePointer, "audience '" + key + "' refers to itself through audience references");
    }
    int outerDeepest = deepest;
    List<Edge> outerEdges = edges;
    boolean outerUnknownSeen = unknownSeen;
    deepest = 0;
    edges = new ArrayList<>();
    unknownSeen = false;
    String pointer = audiencePointers.get(key);
    Filter filter =
        filter(required(audienceNodes.get(key), "filter", pointer), pointer + "/filter", 1);
    parsed = new ParsedAudience(filter, deepest, List.copyOf(edges), unknownSeen);
    deepest = outerDeepest;
    edges = outerEdges;
    unknownSeen = outerUnknownSeen;
    audiencesInProgress.remove(key);
    audiences.put(key, parsed);
    return parsed;
  }

  private void collectAudiences(JsonValue list) throws InvalidConfigException {
    for (int i = 0; i < list.size(); i++) {
      String pointer = "/audiences/" + i;
      JsonValue node = object(list.get(i), pointer);
      String key = key(node, "key", pointer);
      if (audienceNodes.putIfAbsent(key, node) != null) {
        throw new InvalidConfigException(pointer + "/key", "duplicate audience key '" + key + "'");
      }
      audiencePointers.put(key, pointer);
    }
  }

  private Filter attributeFilter(JsonValue node, String pointer) throws InvalidConfigException {
    Attribute attribute = Attribute.named(attributeName(node, "attribute", pointer));
    String operator = string(node, "operator", pointer);
    switch (operator) {
      case "equals":
      case "notEquals":
      case "in":
      case "notIn":
        {
          boolean many = operator.endsWith("In") || operator.equals("in");
          JsonValue values = values(node, pointer, many ? Limits.MAX_VALUES : 1);
          List<String> strings = new ArrayList<>();
          List<Double> numbers = new ArrayList<>();
          boolean acceptsTrue = false;
          boolean acceptsFalse = false;
          for (int i = 0; i < values.size(); i++) {
            JsonValue value = values.get(i);
            if (value.isString()) {
              strings.add(boundedString(value, pointer + "/values/" + i));
            } else if (value.isNumber() && Double.isFinite(value.doubleValue())) {
              numbers.add(value.doubleValue());
            } else if (value.isBoolean()) {
              acceptsTrue |= value.booleanValue();
              acceptsFalse |= !value.booleanValue();
            } else {
              throw new InvalidConfigException(
                  pointer + "/values/" + i, "must be a string, number or boolean");
            }
          }
          double[] numberArray = new double[numbers.size()];
          for (int i = 0; i < numberArray.length; i++) {
            numberArray[i] = numbers.get(i);
          }
          return new Filter.OneOf(
              attribute,
              operator.startsWith("not"),
              strings.toArray(new String[0]),
              numberArray,
              acceptsTrue,
              acceptsFalse);
        }
      case "contains":
      case "notContains":
        return new Filter.StringTest(
            attribute,
            operator.equals("notContains"),
            Filter.StringTest.CONTAINS,
            strings(node, pointer));
      case "startsWith":
        return new Filter.StringTest(
            attribute, false, Filter.StringTest.STARTS_WITH, strings(node, pointer));
      case "endsWith":
        return new Filter.StringTest(
            attribute, false, Filter.StringTest.ENDS_WITH, strings(node, pointer));
      case "matches":
        {
          String[] sources = strings(node, pointer);
          com.google.re2j.Pattern[] patterns = new com.google.re2j.Pattern[sources.length];
          for (int i = 0; i < sources.length; i++) {
            try {
              patterns[i] = com.google.re2j.Pattern.compile(sources[i]);
            } catch (PatternSyntaxException e) {
              throw new InvalidConfigException(
                  pointer + "/values/" + i, "not an RE2 regular expression: " + e.getMessage());
            }
          }
          return new Filter.Matches(attribute, patterns);
        }
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        {
          JsonValue value = values(node, pointer, 1).get(0);
          if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new InvalidConfigException(pointer + "/values/0", "must be a number");
          }
          return new Filter.NumberCompare(
              attribute,
              value.doubleValue(),
              operator.startsWith("l") ? -1 : 1,
              operator.endsWith("e"));
        }
      case "semverEquals":
      case "semverLt":
      case "semverLte":
      case "semverGt":
      case "semverGte":
        {
          JsonValue value = values(node, pointer, 1).get(0);
          Semver version = value.isString() ? Semver.parse(value.stringValue()) : null;
          if (version == null) {
            throw new InvalidConfigException(
                pointer + "/values/0", "must be a version such as 2.3.0");
          }
          int sign = operator.equals("semverEquals") ? 0 : operator.startsWith("semverL") ? -1 : 1;
          return new Filter.SemverCompare(attribute, version, sign, operator.endsWith("e"));
        }
      case "isTrue":
      case "isFalse":
        return new Filter.IsBoolean(attribute, operator.equals("isTrue"));
      case "exists":
      case "notExists":
        return new Filter.Exists(attribute, operator.equals("notExists"));
      case "before":
      case "after":
        {
          JsonValue value = values(node, pointer, 1).get(0);
          long millis = instantValue(value, pointer + "/values/0");
          return new Filter.DateCompare(attribute, millis, operator.equals("before") ? -1 : 1);
        }
      default:
        warn(pointer, "unknown operator '" + operator + "': the rule using it never applies");
        unknownSeen = true;
        return Filter.NEVER;
    }
  }

  /** The filter's {@code values}: at least one, at most {@code max}. */
  private static JsonValue values(JsonValue node, String pointer, int max)
      throws InvalidConfigException {
    JsonValue values = array(node, "values", pointer, 1, max);
    if (max == 1 && values.size() != 1) {
      throw new InvalidConfigException(pointer + "/values", "must hold exactly one value");
    }
    return values;
  }

  private static String[] strings(JsonValue node, String pointer) throws InvalidConfigException {
    JsonValue values = values(node, pointer, Limits.MAX_VALUES);
    String[] strings = new String[values.size()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = boundedString(values.get(i), pointer + "/values/" + i);
    }
    return strings;
  }

  // ---- prerequisites -----------------------------------------------------------------------

  private void checkPrerequisiteChains() throws InvalidConfigException {
    Map<FeatureModel, Integer> chainLength = new HashMap<>(); // longest chain below, once known
    for (FeatureModel feature : features.values()) {
      chainBelow(feature, new ArrayList<>(), chainLength);
    }
  }

  /** The longest prerequisite chain below {@code feature}; rejects cycles and deep chains. */
  private int chainBelow(
      FeatureModel feature, List<FeatureModel> path, Map<FeatureModel, Integer> chainLength)
      throws InvalidConfigException {
    Integer known = chainLength.get(feature);
    if (known != null) {
      return known;
    }
    path.add(feature);
    int longest = 0;
    for (Edge edge : prerequisites.get(feature)) {
      if (path.contains(edge.target)) {
        StringBuilder cycle = new StringBuilder();
        for (FeatureModel step : path.subList(path.indexOf(edge.target), path.size())) {
          cycle.append(step.key).append(" -> ");
        }
        throw new InvalidConfigException(
            edge.pointer, "prerequisite cycle: " + cycle + edge.target.key);
      }
      if (path.size() > Limits.MAX_PREREQUISITE_DEPTH) {
        throw new InvalidConfigException(
            edge.pointer,
            "prerequisite chain deeper than " + Limits.MAX_PREREQUISITE_DEPTH + " features");
      }
      longest = Math.max(longest, 1 + chainBelow(edge.target, path, chainLength));
    }
    path.remove(path.size() - 1);
    chainLength.put(feature, longest);
    return longest;
  }

  // ---- JSON helpers ------------------------------------------------------------------------

  private void warn(String pointer, String message) {
    warnings.add(new ConfigWarning(pointer, message));
  }

  private static @Nullable JsonValue optional(JsonValue node, String field) {
    JsonValue value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private static JsonValue required(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    JsonValue value = optional(node, field);
    if (value == null) {
      throw new InvalidConfigException(pointer + "/" + escape(field), "is required");
    }
    return value;
  }

  private static JsonValue object(JsonValue node, String pointer) throws InvalidConfigException {
    if (!node.isObject()) {
      throw new InvalidConfigException(pointer, "must be an object");
    }
    return node;
  }

  private static JsonValue array(JsonValue node, String field, String pointer, int min, int max)
      throws InvalidConfigException {
    JsonValue value = required(node, field, pointer);
    String fieldPointer = pointer + "/" + field;
    if (!value.isArray()) {
      throw new InvalidConfigException(fieldPointer, "must be an array");
    }
    if (value.size() < min) {
      throw new InvalidConfigException(fieldPointer, "must hold at least " + min + " item(s)");
    }
    if (value.size() > max) {
      throw new InvalidConfigException(
          fieldPointer, "holds " + value.size() + " items; the limit is " + max);
    }
    return value;
  }

  private static String string(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    JsonValue value = required(node, field, pointer);
    if (!value.isString()) {
      throw new InvalidConfigException(pointer + "/" + field, "must be a string");
    }
    return value.stringValue();
  }

  private static String key(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    String value = string(node, field, pointer);
    if (!isKey(value)) {
      throw new InvalidConfigException(
          pointer + "/" + field, "'" + value + "' is not a key: [a-z0-9][a-z0-9._-]{0,99}");
    }
    return value;
  }

  /** {@code [a-z0-9][a-z0-9._-]{0,99}}, checked by hand: keys are the most common strings. */
  static boolean isKey(String value) {
    int length = value.length();
    if (length == 0 || length > Limits.MAX_KEY_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  private static String attributeName(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    String name = string(node, field, pointer);
    if (name.isEmpty() || name.length() > Limits.MAX_KEY_LENGTH) {
      throw new InvalidConfigException(pointer + "/" + field, "must be 1 to 100 characters");
    }
    return name;
  }

  private static String boundedString(JsonValue value, String pointer)
      throws InvalidConfigException {
    if (!value.isString()) {
      throw new InvalidConfigException(pointer, "must be a string");
    }
    if (value.stringValue().length() > Limits.MAX_VALUE_LENGTH) {
      throw new InvalidConfigException(
          pointer, "is longer than " + Limits.MAX_VALUE_LENGTH + " characters");
    }
    return value.stringValue();
  }

  private static boolean requiredBoolean(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    JsonValue value = required(node, field, pointer);
    if (!value.isBoolean()) {
      throw new InvalidConfigException(pointer + "/" + field, "must be true or false");
    }
    return value.booleanValue();
  }

  private static boolean optionalBoolean(
      JsonValue node, String field, String pointer, boolean otherwise)
      throws InvalidConfigException {
    return optional(node, field) == null ? otherwise : requiredBoolean(node, field, pointer);
  }

  private static double percentage(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    JsonValue value = required(node, field, pointer);
    if (!value.isNumber() || !(value.doubleValue() >= 0 && value.doubleValue() <= 1)) {
      throw new InvalidConfigException(pointer + "/" + field, "must be a number from 0 to 1");
    }
    return value.doubleValue();
  }

  private static long instant(JsonValue node, String field, String pointer)
      throws InvalidConfigException {
    return instantValue(required(node, field, pointer), pointer + "/" + field);
  }

  private static long instantValue(JsonValue value, String pointer) throws InvalidConfigException {
    String problem = "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z";
    if (!value.isString()) {
      throw new InvalidConfigException(pointer, problem);
    }
    try {
      return Instant.parse(value.stringValue()).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidConfigException(pointer, problem + " (" + e.getMessage() + ")");
    }
  }

  private int variation(JsonValue node, String field, String pointer, Map<String, Integer> indexes)
      throws InvalidConfigException {
    String key = key(node, field, pointer);
    Integer index = indexes.get(key);
    if (index == null) {
      throw new InvalidConfigException(pointer + "/" + field, "no variation '" + key + "'");
    }
    return index;
  }

  /** Escapes a property name for a JSON pointer (RFC 6901). */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
