package dev.switchboard.sdk;

/** Config documents for the SDK's tests, in the format of docs/config-format.md. */
final class Documents {
  private Documents() {}

  /**
   * Version {@code version} of a document with a string variable {@code checkout-variant} (feature
   * {@code new-checkout}, variations {@code control} / {@code treatment}): users with an
   * {@code @example.com} email get {@code treatment}, everyone else {@code served}.
   */
  static String checkout(long version, String served) {
    return """
        {"schemaVersion": 1, "project": {"key": "shop"}, "environment": {"key": "test"},
         "version": %d,
         "variables": [{"key": "checkout-variant", "type": "string", "feature": "new-checkout"},
                       {"key": "dark-mode", "type": "boolean", "feature": "dark-mode"}],
         "features": [
           {"key": "new-checkout",
            "variations": [{"key": "control", "values": {"checkout-variant": "control"}},
                           {"key": "treatment", "values": {"checkout-variant": "treatment"}}],
            "targeting": {"on": true, "rules": [
              {"id": "example-com",
               "audience": {"type": "attribute", "attribute": "email", "operator": "endsWith",
                            "values": ["@example.com"]},
               "serve": {"variation": "treatment"}},
              {"id": "everyone", "audience": {"type": "all"}, "serve": {"variation": "%s"}}]}},
           {"key": "dark-mode",
            "variations": [{"key": "on", "values": {"dark-mode": true}},
                           {"key": "off", "values": {"dark-mode": false}}],
            "targeting": {"on": true, "rules": [
              {"id": "all", "audience": {"type": "all"}, "serve": {"variation": "on"}}]}}]}
        """
        .formatted(version, served);
  }

  /** Valid JSON that breaks the format (a rule serves an unknown variation). */
  static String invalid(long version) {
    return checkout(version, "no-such-variation");
  }
}
