package dev.switchboard.bucketing;

/**
 * Bounds on a config document, so that a hostile or broken document cannot exhaust memory or stall
 * evaluation. Documented in {@code docs/config-format.md} ("Limits"); change both together.
 */
final class Limits {
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
  static final int MAX_FEATURES = 10_000;
  static final int MAX_VARIABLES = 50_000;
  static final int MAX_VARIATIONS = 100;
  static final int MAX_RULES = 500;
  static final int MAX_AUDIENCES = 5_000;

  /** And/or groups and audience references together: evaluation recursion stays shallow. */
  static final int MAX_FILTER_DEPTH = 10;

  static final int MAX_FILTERS_PER_GROUP = 100;
  static final int MAX_VALUES = 10_000;
  static final int MAX_USER_IDS = 50_000;
  static final int MAX_VALUE_LENGTH = 1_024;
  static final int MAX_REGEX_LENGTH = 1_024;
  static final int MAX_PREREQUISITE_DEPTH = 10;
  static final int MAX_SCHEDULE_STEPS = 100;
  static final int MAX_KEY_LENGTH = 100;

  private Limits() {}
}
