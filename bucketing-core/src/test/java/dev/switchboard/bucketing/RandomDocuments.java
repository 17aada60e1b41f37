package dev.switchboard.bucketing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates config documents (as plain Java maps, serialised by the tests) that are valid by
 * construction and exercise every filter type, operator, rollout and serve form, plus unknown ones.
 * Deterministic for a given {@link Random}, so jqwik can shrink and replay via the seed.
 */
final class RandomDocuments {
  static final String[] ATTRIBUTES = {
    "id",
    "email",
    "name",
    "country",
    "platform",
    "platformVersion",
    "appVersion",
    "plan",
    "seats",
    "beta",
    "signup"
  };
  static final String[] OPERATORS = {
    "equals",
    "notEquals",
    "in",
    "notIn",
    "contains",
    "notContains",
    "startsWith",
    "endsWith",
    "matches",
    "lt",
    "lte",
    "gt",
    "gte",
    "semverEquals",
    "semverLt",
    "semverLte",
    "semverGt",
    "semverGte",
    "isTrue",
    "isFalse",
    "exists",
    "notExists",
    "before",
    "after",
    "soundsLike"
  };
  private static final String[] WORDS = {"DE", "FR", "US", "ios", "web", "pro", "a", "", "x@y.z"};
  private static final String[] VERSIONS = {"1.0.0", "2.3", "v2.10.0", "1.0.0-beta.2", "3"};
  private static final String[] DATES = {"2025-01-01T00:00:00Z", "2026-06-01T12:00:00Z"};

  private final Random random;
  private final int features;
  private final List<String> audienceKeys = new ArrayList<>();

  RandomDocuments(Random random) {
    this.random = random;
    this.features = 1 + random.nextInt(4);
  }

  Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", 1);
    doc.put("project", Map.of("key", "p"));
    doc.put("environment", Map.of("key", "e"));
    doc.put("version", random.nextInt(1000));
    List<Object> audiences = new ArrayList<>();
    int audienceCount = random.nextInt(3);
    for (int i = 0; i < audienceCount; i++) {
      // an audience may only reference earlier ones, and no prerequisites: no cycles
      audiences.add(Map.of("key", "aud" + i, "filter", filter(1, false)));
      audienceKeys.add("aud" + i);
    }
    doc.put("audiences", audiences);
    List<Object> variables = new ArrayList<>();
    List<Object> featureList = new ArrayList<>();
    for (int f = 0; f < features; f++) {
      String type = pick(new String[] {"boolean", "string", "number", "json"});
      variables.add(Map.of("key", "v" + f, "type", type, "feature", "f" + f));
      featureList.add(feature(f, type));
    }
    doc.put("variables", variables);
    doc.put("features", featureList);
    return doc;
  }

  private Map<String, Object> feature(int index, String type) {
    int variationCount = 1 + random.nextInt(3);
    List<Object> variations = new ArrayList<>();
    for (int v = 0; v < variationCount; v++) {
      variations.add(Map.of("key", "var" + v, "values", Map.of("v" + index, value(type, v))));
    }
    Map<String, Object> targeting = new LinkedHashMap<>();
    targeting.put("on", random.nextInt(5) > 0);
    if (random.nextBoolean()) {
      targeting.put("offVariation", "var" + random.nextInt(variationCount));
    }
    List<Object> rules = new ArrayList<>();
    int ruleCount = random.nextInt(5);
    for (int r = 0; r < ruleCount; r++) {
      rules.add(rule(index, r, variationCount));
    }
    targeting.put("rules", rules);
    Map<String, Object> feature = new LinkedHashMap<>();
    feature.put("key", "f" + index);
    if (random.nextInt(4) == 0) {
      feature.put("seed", random.nextInt());
    }
    feature.put("variations", variations);
    feature.put("targeting", targeting);
    return feature;
  }

  private Object value(String type, int variation) {
    return switch (type) {
      case "boolean" -> variation % 2 == 0;
      case "string" -> "s" + variation;
      case "number" -> variation * 1.5;
      default -> Map.of("n", variation, "list", List.of("x", variation));
    };
  }

  private Map<String, Object> rule(int feature, int index, int variationCount) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("id", "r" + index);
    // prerequisites only point at lower-numbered features: no cycles
    rule.put("audience", filter(1, feature > 0 && random.nextBoolean()));
    if (random.nextBoolean()) {
      rule.put("serve", Map.of("variation", "var" + random.nextInt(variationCount)));
    } else {
      List<String> keys = new ArrayList<>();
      for (int v = 0; v < variationCount; v++) {
        keys.add("var" + v);
      }
      Collections.shuffle(keys, random);
      List<Object> distribution = new ArrayList<>();
      int remaining = Bucketing.TOTAL_WEIGHT;
      for (int i = 0; i < keys.size(); i++) {
        int weight = i == keys.size() - 1 ? remaining : random.nextInt(remaining + 1);
        remaining -= weight;
        distribution.add(Map.of("variation", keys.get(i), "weight", weight));
      }
      rule.put("serve", Map.of("distribution", distribution));
    }
    switch (random.nextInt(5)) {
      case 0 ->
          rule.put("rollout", Map.of("type", "percentage", "percentage", random.nextDouble()));
      case 1 ->
          rule.put(
              "rollout",
              Map.of(
                  "type",
                  "gradual",
                  "startDate",
                  DATES[0],
                  "endDate",
                  DATES[1],
                  "startPercentage",
                  random.nextDouble(),
                  "endPercentage",
                  random.nextDouble()));
      case 2 ->
          rule.put(
              "rollout",
              Map.of(
                  "type",
                  "schedule",
                  "steps",
                  List.of(
                      Map.of("date", DATES[0], "percentage", random.nextDouble()),
                      Map.of("date", DATES[1], "percentage", random.nextDouble()))));
      default -> {}
    }
    if (random.nextInt(3) == 0) {
      rule.put("bucketBy", pick(ATTRIBUTES));
    }
    return rule;
  }

  private Map<String, Object> filter(int depth, boolean mayUsePrerequisite) {
    int kind = depth >= 4 ? random.nextInt(4) : random.nextInt(7);
    Map<String, Object> filter = new LinkedHashMap<>();
    switch (kind) {
      case 0 -> filter.put("type", "all");
      case 1, 2 -> {
        filter.put("type", "attribute");
        filter.put("attribute", pick(ATTRIBUTES));
        String operator = pick(OPERATORS);
        filter.put("operator", operator);
        filter.put("values", values(operator));
      }
      case 3 -> {
        if (mayUsePrerequisite) {
          filter.put("type", "prerequisite");
          filter.put("feature", "f0");
          filter.put("variations", List.of("var0"));
        } else if (!audienceKeys.isEmpty()) {
          filter.put("type", "audience");
          filter.put("audience", pick(audienceKeys.toArray(new String[0])));
        } else {
          filter.put("type", "users");
          filter.put("ids", List.of("u1", "u2", "u3"));
        }
        if (random.nextBoolean()) {
          filter.put("negate", true);
        }
      }
      case 4, 5 -> {
        filter.put("type", random.nextBoolean() ? "and" : "or");
        List<Object> children = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          children.add(filter(depth + 1, mayUsePrerequisite));
        }
        filter.put("filters", children);
      }
      default -> filter.put("type", "wormhole"); // unknown: fails closed
    }
    return filter;
  }

  private List<Object> values(String operator) {
    return switch (operator) {
      case "equals", "notEquals" -> List.of(scalar());
      case "in", "notIn" -> List.of(scalar(), scalar(), scalar());
      case "contains", "notContains", "startsWith", "endsWith" -> List.of(pick(WORDS), pick(WORDS));
      case "matches" -> List.of(pick(new String[] {"^D", "e$", "(a|b)+", "[0-9]{2}"}));
      case "lt", "lte", "gt", "gte" -> List.of(random.nextInt(20) - 5);
      case "before", "after" -> List.of(pick(DATES));
      case "isTrue", "isFalse", "exists", "notExists" -> List.of();
      default -> {
        if (operator.startsWith("semver")) {
          yield List.of(pick(VERSIONS));
        }
        yield List.of("whatever");
      }
    };
  }

  private Object scalar() {
    return switch (random.nextInt(3)) {
      case 0 -> pick(WORDS);
      case 1 -> random.nextInt(10);
      default -> random.nextBoolean();
    };
  }

  /** A user with a random subset of attributes of random types. */
  User user() {
    User.Builder builder =
        User.builder(
            random.nextInt(4) == 0 ? "u" + random.nextInt(4) : "user-" + random.nextInt(100_000));
    if (random.nextBoolean()) {
      builder.email(pick(WORDS) + "@example.com");
    }
    if (random.nextBoolean()) {
      builder.country(pick(WORDS));
    }
    if (random.nextBoolean()) {
      builder.appVersion(random.nextBoolean() ? pick(VERSIONS) : pick(WORDS));
    }
    if (random.nextBoolean()) {
      builder.platform(pick(WORDS));
    }
    for (String custom : new String[] {"plan", "seats", "beta", "signup"}) {
      switch (random.nextInt(5)) {
        case 0 -> builder.attribute(custom, pick(WORDS));
        case 1 -> builder.attribute(custom, random.nextInt(20) - 5);
        case 2 -> builder.attribute(custom, random.nextBoolean());
        case 3 -> builder.attribute(custom, pick(DATES));
        default -> {}
      }
    }
    return builder.build();
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }
}
