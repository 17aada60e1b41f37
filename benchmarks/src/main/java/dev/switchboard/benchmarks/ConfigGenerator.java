package dev.switchboard.benchmarks;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates a large, valid Switchboard config document for the load benchmark: {@code n} features,
 * each with one string variable, three variations and five rules mixing the attribute operators
 * (endsWith, in with a percentage rollout, semverGte, equals on a custom attribute, and a final
 * 50/50 distribution for everyone).
 */
public final class ConfigGenerator {
  static final String[] VARIATIONS = {"control", "treatment-a", "treatment-b"};

  private ConfigGenerator() {}

  /** Key of the {@code i}-th generated feature. */
  public static String featureKey(int i) {
    return String.format("feature-%04d", i);
  }

  /** Key of the {@code i}-th generated feature's string variable. */
  public static String variableKey(int i) {
    return String.format("variable-%04d", i);
  }

  /** The UTF-8 JSON bytes of a config with {@code features} features. */
  public static byte[] generate(int features) {
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("schemaVersion", 1);
    root.putObject("project").put("key", "bench");
    root.putObject("environment").put("key", "production");
    root.put("version", 1);
    ArrayNode featureList = root.putArray("features");
    ArrayNode variableList = root.putArray("variables");
    for (int i = 0; i < features; i++) {
      feature(featureList.addObject(), i);
      variableList
          .addObject()
          .put("key", variableKey(i))
          .put("type", "string")
          .put("feature", featureKey(i));
    }
    root.putArray("audiences");
    return mapper.writeValueAsBytes(root);
  }

  private static void feature(ObjectNode feature, int i) {
    feature.put("key", featureKey(i));
    ArrayNode variations = feature.putArray("variations");
    for (String variation : VARIATIONS) {
      ObjectNode v = variations.addObject();
      v.put("key", variation);
      v.putObject("values").put(variableKey(i), variation + "-" + i);
    }
    ObjectNode targeting = feature.putObject("targeting");
    targeting.put("on", true);
    targeting.put("offVariation", "control");
    ArrayNode rules = targeting.putArray("rules");

    // 1. email endsWith one of two domains
    ObjectNode r1 = rule(rules, "rule-1-email", "treatment-a");
    attribute(r1, "email", "endsWith").add("@example.com").add("@corp-" + (i % 50) + ".test");

    // 2. country in a list, for a 25% rollout
    ObjectNode r2 = rule(rules, "rule-2-country", "treatment-b");
    attribute(r2, "country", "in").add("DE").add("FR").add("NL").add("AT").add("BE");
    r2.putObject("rollout").put("type", "percentage").put("percentage", 0.25);

    // 3. appVersion semverGte
    ObjectNode r3 = rule(rules, "rule-3-app-version", "treatment-a");
    attribute(r3, "appVersion", "semverGte").add("2." + (i % 20) + ".0");

    // 4. equals on a custom attribute
    ObjectNode r4 = rule(rules, "rule-4-plan", "control");
    attribute(r4, "plan", "equals").add("enterprise");

    // 5. everyone else: 50/50
    ObjectNode r5 = rules.addObject();
    r5.put("id", "rule-5-everyone");
    r5.putObject("audience").put("type", "all");
    ArrayNode distribution = r5.putObject("serve").putArray("distribution");
    distribution.addObject().put("variation", "control").put("weight", 50_000);
    distribution.addObject().put("variation", "treatment-a").put("weight", 50_000);
  }

  private static ObjectNode rule(ArrayNode rules, String id, String variation) {
    ObjectNode rule = rules.addObject();
    rule.put("id", id);
    rule.putObject("serve").put("variation", variation);
    return rule;
  }

  /** Adds an attribute audience to {@code rule} and returns its (empty) values array. */
  private static ArrayNode attribute(ObjectNode rule, String attribute, String operator) {
    ObjectNode audience = rule.putObject("audience");
    audience.put("type", "attribute");
    audience.put("attribute", attribute);
    audience.put("operator", operator);
    return audience.putArray("values");
  }
}
