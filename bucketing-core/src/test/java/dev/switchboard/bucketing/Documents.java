package dev.switchboard.bucketing;

/** Small config documents for unit tests, written as JSON so tests read like the format docs. */
final class Documents {
  private Documents() {}

  /**
   * One feature {@code f} with variations {@code a}, {@code b}, {@code c} whose string variable
   * {@code v} is {@code "A"}, {@code "B"}, {@code "C"}, targeting on, with the given rules.
   */
  static String feature(String rulesJson) {
    return feature(rulesJson, "[]");
  }

  static String feature(String rulesJson, String audiencesJson) {
    return """
        {"schemaVersion": 1, "project": {"key": "p"}, "environment": {"key": "e"}, "version": 7,
         "variables": [{"key": "v", "type": "string", "feature": "f"}],
         "features": [{"key": "f",
           "variations": [{"key": "a", "values": {"v": "A"}}, {"key": "b", "values": {"v": "B"}},
                          {"key": "c", "values": {"v": "C"}}],
           "targeting": {"on": true, "rules": %s}}],
         "audiences": %s}
        """
        .formatted(rulesJson, audiencesJson);
  }

  /** A rule with the given audience that serves variation {@code b}. */
  static String ruleServingB(String audienceJson) {
    return """
        [{"id": "r", "audience": %s, "serve": {"variation": "b"}}]
        """
        .formatted(audienceJson);
  }

  static Config parse(String json) {
    try {
      return Config.parse(json);
    } catch (InvalidConfigException e) {
      throw new AssertionError("test document rejected: " + e.getMessage(), e);
    }
  }
}
